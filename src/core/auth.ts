import type { Db } from './db.ts';
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized, unprocessable } from './errors.ts';
import { newId, randomToken } from './ids.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export const ROLES = ['operator', 'merchant', 'creator', 'agency', 'promoter', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a role and, for scoped roles, the party (merchant, creator, agency, promoter id). */
export interface Principal {
  role: Role;
  partyId: string | null;
  /** api key id or console user id: the owner of idempotency keys. */
  subject: string;
  via: 'api_key' | 'session';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function hashPassword(pw: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pw, salt, 32);
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(pw: string, stored: string): Promise<boolean> {
  const [algo, s, k] = stored.split('$');
  if (algo !== 'scrypt' || !s || !k) return false;
  const expected = Buffer.from(k, 'base64');
  const got = await scrypt(pw, Buffer.from(s, 'base64'), expected.length);
  return timingSafeEqual(expected, got);
}

const SESSION_HOURS = 12;

/** Resolves API keys (`Authorization: Bearer trb_...`) and console session tokens to principals. */
/** How long a resolved API key is trusted without asking the database again. */
export const KEY_CACHE_MS = 5_000;

export function createAuth(db: Db) {
  async function createApiKey(role: Role, partyId: string | null, label: string) {
    const id = newId('key');
    const token = `trb_${randomToken(24)}`;
    await db
      .insertInto('api_keys')
      .values({ id, token_hash: sha256(token), role, party_id: partyId, label })
      .execute();
    return { id, token };
  }

  async function createUser(
    login: string,
    password: string,
    role: Role,
    partyId: string | null,
    displayName: string,
  ) {
    const id = newId('usr');
    await db
      .insertInto('console_users')
      .values({
        id,
        login,
        password_hash: await hashPassword(password),
        role,
        party_id: partyId,
        display_name: displayName,
      })
      .onConflict((oc) => oc.column('login').doNothing())
      .execute();
    return id;
  }

  async function login(loginName: string, password: string) {
    const u = (await db
      .selectFrom('console_users')
      .selectAll()
      .where('login', '=', loginName)
      .executeTakeFirst()) as (UserRow & { password_hash: string }) | undefined;
    if (!u || !(await verifyPassword(password, u.password_hash)))
      throw unauthorized('login or password is wrong');
    const token = `ses_${randomToken(24)}`;
    await db
      .insertInto('console_sessions')
      .values({
        token_hash: sha256(token),
        user_id: u.id,
        expires_at: new Date(Date.now() + SESSION_HOURS * 3600_000),
      })
      .execute();
    return { token, user: publicUser(u) };
  }

  async function logout(token: string) {
    await db.deleteFrom('console_sessions').where('token_hash', '=', sha256(token)).execute();
  }

  // Integrations send thousands of requests a second with one key: a valid key is remembered for a few
  // seconds (a key revoked in the database stops working within KEY_CACHE_MS).
  const keyCache = new Map<string, { p: Principal; until: number }>();
  async function resolve(token: string): Promise<Principal | null> {
    const h = sha256(token);
    if (token.startsWith('trb_')) {
      const hit = keyCache.get(h);
      const now = Date.now();
      if (hit && hit.until > now) return hit.p;
      const k = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('token_hash', '=', h)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!k) {
        keyCache.delete(h);
        return null;
      }
      const p: Principal = { role: k.role, partyId: k.party_id, subject: k.id, via: 'api_key' };
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(h, { p, until: now + KEY_CACHE_MS });
      return p;
    }
    if (token.startsWith('ses_')) {
      const s = await db
        .selectFrom('console_sessions as s')
        .innerJoin('console_users as u', 'u.id', 's.user_id')
        .select(['u.id', 'u.role', 'u.party_id', 's.expires_at'])
        .where('s.token_hash', '=', h)
        .executeTakeFirst();
      if (!s || new Date(s.expires_at) < new Date()) return null;
      return { role: s.role, partyId: s.party_id, subject: s.id, via: 'session' };
    }
    return null;
  }

  async function user(id: string) {
    const u = (await db.selectFrom('console_users').selectAll().where('id', '=', id).executeTakeFirst()) as
      | UserRow
      | undefined;
    return u ? publicUser(u) : null;
  }

  return { createApiKey, createUser, login, logout, resolve, user };
}
export type Auth = ReturnType<typeof createAuth>;

type UserRow = { id: string; login: string; role: Role; party_id: string | null; display_name: string };
function publicUser(u: UserRow) {
  return { id: u.id, login: u.login, role: u.role, partyId: u.party_id, displayName: u.display_name };
}

export function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  const k = req.headers['x-api-key'];
  return typeof k === 'string' ? k : null;
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw unauthorized();
  return req.principal;
}

/** The caller must hold one of these roles. */
export function requireRole(req: FastifyRequest, ...roles: Role[]): Principal {
  const p = principalOf(req);
  if (!roles.includes(p.role)) throw forbidden(`this action needs one of the roles: ${roles.join(', ')}`);
  return p;
}

/** Operators and integrations act for every merchant. */
export const isOperator = (p: Principal) => p.role === 'operator' || p.role === 'integration';

/**
 * The merchant a request acts for: a merchant itself (naming another is 403); operators and integrations must name
 * one (422 on `merchantId`); other roles are refused.
 */
export function merchantOf(p: Principal, merchantId: string | undefined): string {
  if (p.role === 'merchant' && p.partyId) {
    if (merchantId !== undefined && merchantId !== p.partyId)
      throw forbidden(`not allowed to access merchant ${merchantId}`);
    return p.partyId;
  }
  if (isOperator(p)) {
    if (!merchantId)
      throw unprocessable('name the merchant', [
        { field: 'merchantId', reason: 'is required for operators' },
      ]);
    return merchantId;
  }
  throw forbidden('this is for merchants and operators');
}

/** Operators and integrations see every merchant; a merchant sees only itself; nobody else sees private merchant data. */
export function assertMerchantScope(p: Principal, merchantId: string) {
  if (isOperator(p)) return;
  if (p.role === 'merchant' && p.partyId === merchantId) return;
  throw forbidden(`not allowed to access merchant ${merchantId}`);
}

/** A creator, agency or promoter sees only its own party; operators see all. */
export function assertPartyScope(p: Principal, role: Role, partyId: string) {
  if (p.role === 'operator' || p.role === 'integration') return;
  if (p.role === role && p.partyId === partyId) return;
  throw forbidden(`not allowed to access ${role} ${partyId}`);
}
