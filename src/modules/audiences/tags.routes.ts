import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { CATALOG_VERSION, GROUPS, labelOf, parseTag } from './domain/catalog.ts';
import { labelSource } from './labels.repo.ts';
import { getSettings, putSettings } from './settings.service.ts';
import { buildTags, rebuildProfiles, tagIndex, tagStatus } from './tags.store.ts';

const tags = ['audiences'];

/** The catalog of the latest build: groups in catalog order, each value with its labels and user count. */
export async function catalogOf(db: Db) {
  const idx = await tagIndex(db, { fresh: true });
  const src = await labelSource(db);
  const byGroup = new Map<string, string[]>();
  for (const k of idx.keys()) {
    const t = parseTag(k);
    if (!t) continue;
    const l = byGroup.get(t.group) ?? [];
    l.push(t.value);
    byGroup.set(t.group, l);
  }
  return {
    catalogVersion: CATALOG_VERSION,
    build: idx.build,
    builtAt: idx.builtAt,
    asOf: idx.asOf,
    users: idx.universe.size,
    groups: GROUPS.map((g) => {
      const found = byGroup.get(g.key) ?? [];
      // Fixed groups keep their catalog order; open groups are ordered by users, then label.
      const fixed = typeof g.values === 'string' ? null : g.values.map((x) => x.value);
      const values = (fixed ?? found).map((value) => {
        const key = `${g.key}:${value}`;
        return { key, value, ...labelOf(g.key, value, src), users: idx.tag(key)?.size ?? 0 };
      });
      if (!fixed) values.sort((a, b) => b.users - a.users || a.label.localeCompare(b.label));
      return { key: g.key, label: g.label, labelZh: g.labelZh, dimension: g.dimension, values };
    }),
  };
}

const Settings = Type.Object(
  {
    minCell: Type.Integer({
      minimum: 10,
      maximum: 10_000,
      description: 'insight cells under this are suppressed',
    }),
  },
  { additionalProperties: false },
);

export const tagRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;

    app.get(
      '/audiences/tags',
      {
        schema: {
          tags,
          summary: 'The tag catalog of the latest build: groups, values, labels and user counts',
        },
      },
      async (req) => {
        principalOf(req);
        return catalogOf(db);
      },
    );

    app.get(
      '/audiences/status',
      {
        schema: {
          tags,
          summary: 'Operator: the tag store (latest build, users, tags, build time, profiles)',
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return tagStatus(db);
      },
    );

    app.post(
      '/audiences/rebuild',
      {
        schema: {
          tags,
          summary: 'Operator: rebuild the tag bitmaps from the profiles now',
          description:
            '`profiles=true` first rebuilds every profile from the marketplace tables: for events and orders loaded without the live hooks (`tributary import`, `tributary simulate`). Run it when no ingestion is going on: deltas written meanwhile may be lost until the next rebuild.',
          querystring: Type.Object({ profiles: Type.Optional(Type.Boolean({ default: false })) }),
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        const t = performance.now();
        const rebuilt = (req.query as { profiles?: boolean }).profiles
          ? await rebuildProfiles(db, {})
          : undefined;
        const build = await buildTags(db, { timeZone: ctx.cfg.timeZone });
        return rebuilt ? { ...build, profiles: rebuilt, ms: Math.round(performance.now() - t) } : build;
      },
    );

    app.get(
      '/audiences/settings',
      { schema: { tags, summary: 'Audience privacy settings (minimum insight cell size)' } },
      async (req) => {
        principalOf(req);
        return getSettings(db);
      },
    );

    app.put(
      '/audiences/settings',
      {
        schema: { tags, summary: 'Operator: set the minimum insight cell size (10..10000)', body: Settings },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return putSettings(db, req.body as { minCell: number });
      },
    );
  };
