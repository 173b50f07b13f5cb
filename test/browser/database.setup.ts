// The browser tests' demo marketplace is generated once per run (`tributary demo`: seeded, commissions followed,
// analytics built) and each file's server starts on it instead of generating its own, a few minutes each.
// On PostgreSQL the run gets a database of its own that every file's server shares (dropped afterwards), so
// nothing left by an earlier run can leak into this one. On the embedded database the demo is generated into a
// template data folder that each file's server copies, so files never see each other's changes there.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createPgDatabase, dropPgDatabase } from '../../bench/lib/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_URL for the demo servers of this run, or '' on the embedded database. */
    browserDatabaseUrl: string;
    /** On the embedded database, the data folder holding the generated demo, copied by each server; else ''. */
    browserTemplateDir: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs `tributary demo` with the given environment, failing with its output. */
function generateDemo(env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tributary.mjs', 'demo'], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output = (output + c.toString()).slice(-20_000);
    });
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`tributary demo failed (${signal ?? code}):\n${output}`)),
    );
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-browser-template-'));
    try {
      await generateDemo({ TRIBUTARY_DATA_DIR: dir, DATABASE_URL: '' });
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    project.provide('browserDatabaseUrl', '');
    project.provide('browserTemplateDir', dir);
    return async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  const name = `tributary_browser_${randomBytes(4).toString('hex')}`;
  const dbUrl = await createPgDatabase(url, name);
  try {
    await generateDemo({ DATABASE_URL: dbUrl });
  } catch (e) {
    await dropPgDatabase(url, name);
    throw e;
  }
  project.provide('browserDatabaseUrl', dbUrl);
  project.provide('browserTemplateDir', '');
  return () => dropPgDatabase(url, name);
}
