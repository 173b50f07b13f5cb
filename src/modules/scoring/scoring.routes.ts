import type { FastifyPluginAsync } from 'fastify';
import { type Static, Type } from 'typebox';
import {
  assertMerchantScope,
  assertPartyScope,
  type Principal,
  principalOf,
  requireRole,
} from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { forbidden, notFound, unprocessable } from '../../core/errors.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { activeConfig, configHistory, saveConfig } from './config.service.ts';
import type { ScoringConfig } from './domain/config.ts';
import { DIMENSIONS, METRICS, type ScoreKind, VOLUME } from './domain/metrics.ts';
import { listRuns, recompute } from './recompute.service.ts';
import { distribution, historyOf, listScores, type ScoreView, scoreOf } from './scores.service.ts';
import { recordViolation, violationsOf } from './violations.service.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'business day YYYY-MM-DD' });
const KINDS = { stores: 'store', products: 'product', creators: 'creator' } as const;
const KindPath = Type.Enum(['stores', 'products', 'creators']);
const KindParams = Type.Object({ kind: KindPath });
const EntityParams = Type.Object({ kind: KindPath, id: Id });
const tags = ['scoring'];

const ListQuery = Type.Object({
  merchantId: Type.Optional(Id),
  groupId: Type.Optional(Id),
  grade: Type.Optional(Type.String({ minLength: 1, maxLength: 8 })),
  ids: Type.Optional(Type.String({ maxLength: 4000, description: 'comma-separated ids' })),
  sort: Type.Optional(Type.Enum(['score', '-score'], { default: '-score' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

const MetricConfig = Type.Object(
  { weight: Type.Number(), floor: Type.Number(), target: Type.Number() },
  strict,
);
const KindConfig = Type.Object(
  {
    windowDays: Type.Integer(),
    priorStrength: Type.Number(),
    minVolume: Type.Integer(),
    scale: Type.Object({ min: Type.Number(), max: Type.Number() }, strict),
    grades: Type.Array(
      Type.Object(
        { grade: Type.String({ minLength: 1, maxLength: 8 }), min: Type.Union([Type.Number(), Type.Null()]) },
        strict,
      ),
      { minItems: 1, maxItems: 10 },
    ),
    dimensions: Type.Record(Type.String(), Type.Number()),
    metrics: Type.Record(Type.String(), MetricConfig),
  },
  strict,
);
const ConfigBody = Type.Object(
  {
    baseVersion: Type.Integer({
      minimum: 1,
      description: 'the version this edit started from (409 if it is no longer current)',
    }),
    note: Type.Optional(Type.String({ maxLength: 500 })),
    config: Type.Object(
      {
        store: KindConfig,
        product: KindConfig,
        creator: KindConfig,
        linkage: Type.Object(
          {
            trafficMultiplier: Type.Record(Type.String(), Type.Number()),
            campaignMinStoreScore: Type.Number(),
            campaignMinProductScore: Type.Number(),
            subsidyMinStoreScore: Type.Number(),
            campaignMinCreatorScore: Type.Number(),
          },
          strict,
        ),
      },
      strict,
    ),
  },
  strict,
);
type ConfigBody = Static<typeof ConfigBody>;

const RecomputeBody = Type.Object(
  {
    day: Type.Optional(Day),
    kinds: Type.Optional(
      Type.Array(Type.Enum(['store', 'product', 'creator']), { minItems: 1, maxItems: 3, uniqueItems: true }),
    ),
  },
  strict,
);

const ViolationBody = Type.Object(
  {
    id: Id,
    storeId: Id,
    points: Type.Integer({ minimum: 1, maximum: 100 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
    occurredAt: Type.String({ format: 'date-time' }),
  },
  strict,
);

/** The lowest grade's minimum is stored as -Infinity; JSON carries it as null. */
const fromJsonGrades = (c: ConfigBody['config']): ScoringConfig => {
  const kind = (k: ConfigBody['config']['store']) => ({
    ...k,
    grades: k.grades.map((g) => ({ grade: g.grade, min: g.min ?? Number.NEGATIVE_INFINITY })),
  });
  return { store: kind(c.store), product: kind(c.product), creator: kind(c.creator), linkage: c.linkage };
};
const toJsonGrades = (c: ScoringConfig) =>
  JSON.parse(JSON.stringify(c, (_k, v) => (v === Number.NEGATIVE_INFINITY ? null : v)));

/** Who may read a score: stores are their merchant's; products are public to the marketplace's parties; creators are public to merchants. */
function assertCanRead(p: Principal, v: ScoreView) {
  if (v.kind === 'store') return assertMerchantScope(p, v.merchantId ?? '');
  if (v.kind === 'product') return;
  if (p.role === 'merchant') return;
  assertPartyScope(p, 'creator', v.id);
}

export const scoringRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const database = ctx.db;
    const yesterday = () => shiftDay(businessDay(Date.now(), ctx.cfg.timeZone), -1);

    app.get(
      '/scoring/metrics',
      { schema: { tags, summary: 'The metric catalogue: definitions, dimensions, units' } },
      async () => ({
        kinds: (['store', 'product', 'creator'] as const).map((k) => ({
          kind: k,
          volume: VOLUME[k],
          dimensions: DIMENSIONS[k],
          metrics: METRICS[k],
        })),
      }),
    );

    app.get(
      '/scoring/config',
      {
        schema: {
          tags,
          summary: 'The scoring configuration in force (weights, floors, targets, grades, linkage)',
        },
      },
      async (req) => {
        principalOf(req);
        const v = await activeConfig(database.kysely);
        return { ...v, config: toJsonGrades(v.config) };
      },
    );

    app.get(
      '/scoring/config/history',
      { schema: { tags, summary: 'Earlier configuration versions, newest first' } },
      async (req) => {
        requireRole(req, 'operator');
        return {
          items: (await configHistory(database.kysely)).map((v) => ({
            ...v,
            config: toJsonGrades(v.config),
          })),
        };
      },
    );

    app.put(
      '/scoring/config',
      {
        schema: {
          tags,
          summary: 'Save a new configuration version (operators)',
          description:
            'Every save is a new version; snapshots keep the version they were computed with. Mistakes (unknown metrics, a target on the wrong side of its floor, grades out of order) are 422 naming the field; an edit of a version that is no longer current is 409.',
          body: ConfigBody,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        const b = req.body as ConfigBody;
        const v = await saveConfig(
          database.kysely,
          { config: fromJsonGrades(b.config), note: b.note, baseVersion: b.baseVersion },
          p.subject,
        );
        return { ...v, config: toJsonGrades(v.config) };
      },
    );

    app.post(
      '/scoring/recompute',
      {
        schema: {
          tags,
          summary:
            'Recompute the scores of a day (operators; default yesterday). Safe to repeat: the day is replaced.',
          body: RecomputeBody,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const b = req.body as Static<typeof RecomputeBody>;
        const day = b.day ?? yesterday();
        if (day > businessDay(Date.now(), ctx.cfg.timeZone))
          throw unprocessable('cannot score a day that has not begun', [
            { field: 'day', reason: `${day} is in the future`, code: 'future_day' },
          ]);
        return recompute(database, { day, kinds: b.kinds, trigger: 'api', timeZone: ctx.cfg.timeZone });
      },
    );

    app.get(
      '/scoring/runs',
      { schema: { tags, summary: 'Recent recompute runs with counts and timings (operators)' } },
      async (req) => {
        requireRole(req, 'operator');
        return { items: await listRuns(database) };
      },
    );

    app.get(
      '/scoring/distribution/:kind',
      {
        schema: {
          tags,
          summary:
            'Distribution of the latest scores, grade counts and what each threshold admits (operators)',
          params: KindParams,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return distribution(database, KINDS[(req.params as { kind: keyof typeof KINDS }).kind]);
      },
    );

    app.get(
      '/scores/:kind',
      {
        schema: {
          tags,
          summary: 'Latest scores, ranked; merchants see their own stores and products',
          params: KindParams,
          querystring: ListQuery,
        },
      },
      async (req) => {
        const p = principalOf(req);
        const kind: ScoreKind = KINDS[(req.params as { kind: keyof typeof KINDS }).kind];
        const q = req.query as Static<typeof ListQuery>;
        let merchantId = q.merchantId;
        if (p.role === 'merchant') {
          if (merchantId && merchantId !== p.partyId)
            throw forbidden(`not allowed to access merchant ${merchantId}`);
          if (kind !== 'creator') merchantId = p.partyId ?? undefined;
        } else if (p.role !== 'operator' && p.role !== 'integration' && kind !== 'product')
          throw forbidden(`only operators and merchants list ${kind} scores`);
        return listScores(database, kind, {
          merchantId,
          groupId: q.groupId,
          grade: q.grade,
          ids: q.ids ? q.ids.split(',').filter(Boolean).slice(0, 200) : undefined,
          sort: q.sort ?? '-score',
          limit: q.limit ?? 50,
          offset: q.offset ?? 0,
        });
      },
    );

    app.get(
      '/scores/:kind/:id',
      {
        schema: {
          tags,
          summary:
            'One score with per-metric explanation (value, percentile among peers, contribution), advice and linkage',
          params: EntityParams,
          querystring: Type.Object({ day: Type.Optional(Day) }),
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { kind, id } = req.params as { kind: keyof typeof KINDS; id: string };
        const v = await scoreOf(database, KINDS[kind], id, (req.query as { day?: string }).day);
        assertCanRead(p, v);
        return v;
      },
    );

    app.get(
      '/scores/:kind/:id/history',
      {
        schema: {
          tags,
          summary: 'Daily score history of one entity',
          params: EntityParams,
          querystring: Type.Object({
            days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365, default: 30 })),
          }),
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { kind: path, id } = req.params as { kind: keyof typeof KINDS; id: string };
        const kind = KINDS[path];
        const latest = await scoreOf(database, kind, id).catch(() => null);
        if (!latest) throw notFound(`no ${kind} score for ${id}`);
        assertCanRead(p, latest);
        return {
          kind,
          id,
          items: await historyOf(database, kind, id, (req.query as { days?: number }).days ?? 30),
        };
      },
    );

    app.post(
      '/scoring/violations',
      {
        schema: {
          tags,
          summary: 'Record a store violation with penalty points (operators; idempotent by id)',
          body: ViolationBody,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        return recordViolation(database.kysely, req.body as Static<typeof ViolationBody>, p.subject);
      },
    );

    app.get(
      '/scoring/violations',
      {
        schema: { tags, summary: "A store's recorded violations", querystring: Type.Object({ storeId: Id }) },
      },
      async (req) => {
        const p = principalOf(req);
        return violationsOf(database.kysely, p, (req.query as { storeId: string }).storeId);
      },
    );
  };
