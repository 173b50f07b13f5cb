import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { assertMerchantScope, assertPartyScope, principalOf, requireRole } from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { type FieldIssue, forbidden, unprocessable } from '../../core/errors.ts';
import { recordChecker } from '../../core/validate.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { PROGRAM_KINDS, type ProgramKind } from './domain/programs.ts';
import { RACE_METRICS } from './domain/races.ts';
import { RANK_SCENES } from './domain/settings.ts';
import { enrol, storeMerchant, withdraw } from './enrolment.service.ts';
import { planDay } from './plan.service.ts';
import {
  createProgram,
  getProgram,
  listPrograms,
  programVersions,
  updateProgram,
} from './programs.service.ts';
import type { Ranker } from './ranker.ts';
import {
  exposureSplit,
  leaderboard,
  merchantPrograms,
  programDelivery,
  programParticipants,
  programTotals,
  quotaAccount,
} from './reports.service.ts';
import { currentSettings, saveSettings } from './settings.service.ts';
import { refreshSignals } from './signals.service.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const Day = Type.String({ format: 'date', description: 'business day YYYY-MM-DD' });
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Count = Type.Integer({ minimum: 0, maximum: 1e12 });
const tags = ['traffic'];

const RankBody = Type.Object(
  {
    scene: Type.Enum([...RANK_SCENES]),
    userId: Type.Optional(Id),
    query: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    categoryId: Type.Optional(Id),
    productId: Type.Optional(Id),
    storeId: Type.Optional(Id),
    // Ids of a recall are not pattern-checked one by one (a thousand regex tests a request): an id the catalog
    // does not hold is simply not ranked.
    candidateIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: 5000,
        description: 'rank these products (an upstream recall) instead of generating candidates',
      }),
    ),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    at: Type.Optional(Type.String({ format: 'date-time', description: 'the request instant (default now)' })),
    log: Type.Optional(Type.Boolean({ description: 'false: a preview, not counted as shown' })),
    requestId: Type.Optional(Id),
  },
  strict,
);
type RankBody = Static<typeof RankBody>;

const Protection = Type.Object(
  {
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    boost: Type.Optional(Type.Number({ minimum: 1, maximum: 10 })),
    minDaily: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e9 })),
    rampMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })),
  },
  strict,
);
const Chuanliu = Type.Object(
  {
    merchantPerYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    creatorPerYuan: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
    validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
    dailyCap: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e9 })),
  },
  strict,
);
const Budget = Type.Object(
  {
    pool: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e12 })),
    minStoreScore: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 1000 }), Type.Null()])),
    categoryIds: Type.Optional(Type.Array(Id, { maxItems: 100 })),
    enrolment: Type.Optional(Type.Enum(['open', 'invite'])),
    rule: Type.Optional(Type.Enum(['equal', 'score_gmv'])),
    scenes: Type.Optional(
      Type.Array(Type.Enum(['feed', 'mall', 'search']), { minItems: 1, maxItems: 3, uniqueItems: true }),
    ),
  },
  strict,
);
const Race = Type.Object(
  {
    categoryId: Type.Optional(Id),
    metric: Type.Optional(Type.Enum([...RACE_METRICS])),
    topN: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    prizes: Type.Optional(Type.Array(Count, { minItems: 1, maxItems: 100 })),
    minPreviousGmv: Type.Optional(Count),
  },
  strict,
);
const Params = Type.Record(Type.String(), Type.Unknown(), {
  description:
    "the kind's parameters (docs/traffic.md): protection {days, boost, minDaily, rampMinutes}; chuanliu {merchantPerYuan, creatorPerYuan, validDays, dailyCap}; budget {pool, minStoreScore, categoryIds, enrolment, rule, scenes}; horse_race {categoryId, metric, topN, prizes, minPreviousGmv}",
});
const CHECKERS = Object.fromEntries(
  Object.entries({ protection: Protection, chuanliu: Chuanliu, budget: Budget, horse_race: Race }).map(
    ([k, v]) => [k, recordChecker(v)],
  ),
) as Record<ProgramKind, (r: unknown) => FieldIssue[]>;

const ProgramBody = Type.Object(
  {
    id: Type.Optional(Id),
    kind: Type.Enum([...PROGRAM_KINDS]),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    nameZh: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    startsOn: Day,
    endsOn: Type.Optional(Type.Union([Day, Type.Null()])),
    status: Type.Optional(Type.Enum(['active', 'paused', 'ended'])),
    params: Type.Optional(Params),
  },
  strict,
);
const ProgramPatch = Type.Object(
  {
    baseVersion: Type.Integer({
      minimum: 1,
      description: 'the version this edit started from (409 if it is no longer current)',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nameZh: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Type.Union([Day, Type.Null()])),
    status: Type.Optional(Type.Enum(['active', 'paused', 'ended'])),
    params: Type.Optional(Params),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  strict,
);
const SettingsBody = Type.Object(
  {
    baseVersion: Type.Integer({ minimum: 0 }),
    settings: Type.Object(
      {
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        maxCandidates: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
        maxPerStore: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
        programSlots: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 99 }), { maxItems: 20 })),
        liveSlots: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 99 }), { maxItems: 20 })),
        holdoutBp: Type.Optional(Type.Integer({ minimum: 0, maximum: 5000 })),
        ctrStrength: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
        cvrStrength: Type.Optional(Type.Number({ minimum: 0, maximum: 1e6 })),
        affinityWeight: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
        curve: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { minItems: 24, maxItems: 24 })),
        pacingLead: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      },
      strict,
    ),
  },
  strict,
);
const Range = Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) });
const ProgramParams = Type.Object({ id: Id });

/** A kind's parameters checked against its own schema, each issue named `params.<field>`. */
function checkParams(kind: ProgramKind, params: unknown) {
  if (params === undefined) return;
  const issues = CHECKERS[kind](params).map((i) => ({
    ...i,
    field: i.field === '(body)' ? 'params' : `params.${i.field}`,
  }));
  if (issues.length)
    throw unprocessable(`${kind} parameters: ${issues[0]!.field} ${issues[0]!.reason}`, issues);
}

export const trafficRoutes =
  (ctx: AppContext, ranker: () => Promise<Ranker>): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db;
    const today = () => businessDay(Date.now(), ctx.cfg.timeZone);
    const range = (req: FastifyRequest) => {
      const q = req.query as Static<typeof Range>;
      const to = q.to ?? today();
      const from = q.from ?? shiftDay(to, -13);
      if (from > to)
        throw unprocessable('from must not be after to', [{ field: 'from', reason: 'after to' }]);
      if (shiftDay(from, 366) < to)
        throw unprocessable('at most a year at a time', [{ field: 'from', reason: 'range over 366 days' }]);
      return { from, to };
    };

    // The rank route parses JSON without the server's second and third scans for `__proto__` /
    // `constructor.prototype` keys (a measurable share of a request's CPU with a thousand candidate ids): JSON.parse
    // makes such keys plain own properties, and the body schema rejects every key it does not name.
    await app.register(async (rank) => {
      rank.removeContentTypeParser('application/json');
      rank.addContentTypeParser(
        'application/json',
        { parseAs: 'string' },
        rank.getDefaultJsonParser('ignore', 'ignore'),
      );
      rank.post(
        '/traffic/rank',
        {
          schema: {
            tags,
            summary: 'Rank a page for a scene (feed, search, mall, detail, live feed, store page)',
            description:
              'Candidates for the scene, scored by expected GMV per exposure × relevance × affinity × score multipliers × program boosts, under the diversity rules, with program slots filled by pacing. Each item carries the reasons that placed it. The page is counted as shown unless log is false.',
            body: RankBody,
          },
        },
        async (req) => {
          requireRole(req, 'integration', 'operator');
          const b = req.body as RankBody;
          const need: Record<string, keyof RankBody | undefined> = {
            search: 'query',
            detail: 'productId',
            store: 'storeId',
          };
          const field = need[b.scene];
          if (field && !b[field] && !b.candidateIds)
            throw unprocessable(`${b.scene} needs ${field}`, [
              { field, reason: `required for scene ${b.scene}` },
            ]);
          return (await ranker()).rank(b);
        },
      );
    });

    app.get('/traffic/settings', { schema: { tags, summary: 'Ranking settings in force' } }, async (req) => {
      requireRole(req, 'operator', 'integration');
      return currentSettings(db.kysely);
    });
    app.put(
      '/traffic/settings',
      {
        schema: {
          tags,
          summary: 'Save ranking settings (operators; 409 when edited from an old version)',
          body: SettingsBody,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        const b = req.body as Static<typeof SettingsBody>;
        const v = await saveSettings(db.kysely, b.baseVersion, b.settings, p.subject);
        await (await ranker()).reloadSettings();
        return v;
      },
    );

    app.get(
      '/traffic/programs',
      {
        schema: {
          tags,
          summary: 'Growth programs',
          querystring: Type.Object({
            kind: Type.Optional(Type.Enum([...PROGRAM_KINDS])),
            activeOn: Type.Optional(Day),
          }),
        },
      },
      async (req) => {
        principalOf(req);
        const q = req.query as { kind?: ProgramKind; activeOn?: string };
        return { items: await listPrograms(db.kysely, q) };
      },
    );
    app.post(
      '/traffic/programs',
      {
        schema: {
          tags,
          summary: 'Create a program (operators); an id makes the call safe to retry',
          body: ProgramBody,
        },
      },
      async (req, reply) => {
        const p = requireRole(req, 'operator');
        const b = req.body as Static<typeof ProgramBody>;
        checkParams(b.kind, b.params);
        const prog = await createProgram(db.kysely, b as never, p.subject, b.id);
        reply.code(201);
        return prog;
      },
    );
    app.get(
      '/traffic/programs/:id',
      { schema: { tags, summary: 'A program', params: ProgramParams } },
      async (req) => {
        principalOf(req);
        return getProgram(db.kysely, (req.params as { id: string }).id);
      },
    );
    app.patch(
      '/traffic/programs/:id',
      {
        schema: {
          tags,
          summary: 'Edit a program: saved as its next version (operators)',
          params: ProgramParams,
          body: ProgramPatch,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        const { id } = req.params as { id: string };
        const b = req.body as Static<typeof ProgramPatch>;
        checkParams((await getProgram(db.kysely, id)).kind, b.params);
        return updateProgram(db.kysely, id, b as never, p.subject);
      },
    );
    app.get(
      '/traffic/programs/:id/versions',
      { schema: { tags, summary: "A program's versions, newest first", params: ProgramParams } },
      async (req) => {
        requireRole(req, 'operator');
        return { items: await programVersions(db.kysely, (req.params as { id: string }).id) };
      },
    );
    app.get(
      '/traffic/programs/:id/delivery',
      {
        schema: {
          tags,
          summary: 'Daily target, delivery and shortfall of a program (operators)',
          params: ProgramParams,
          querystring: Range,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { from, to } = range(req);
        return {
          items: await programDelivery(
            db.kysely,
            (req.params as { id: string }).id,
            from,
            to,
            ctx.cfg.timeZone,
          ),
        };
      },
    );
    app.get(
      '/traffic/programs/:id/participants',
      {
        schema: {
          tags,
          summary:
            "A program's participants with allocation, delivery and today's line (merchants see their own)",
          params: ProgramParams,
          querystring: Type.Object({ day: Type.Optional(Day) }),
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { id } = req.params as { id: string };
        const day = (req.query as { day?: string }).day ?? today();
        if (p.role === 'operator' || p.role === 'integration')
          return { items: await programParticipants(db.kysely, id, day) };
        if (p.role === 'merchant')
          return { items: await programParticipants(db.kysely, id, day, p.partyId ?? '') };
        throw forbidden('participants are visible to operators and to merchants (their own)');
      },
    );
    app.post(
      '/traffic/programs/:id/participants',
      {
        schema: {
          tags,
          summary: 'Enrol a store in a campaign budget before it starts (its merchant, or an operator)',
          params: ProgramParams,
          body: Type.Object({ storeId: Id }, strict),
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'merchant');
        const { id } = req.params as { id: string };
        const { storeId } = req.body as { storeId: string };
        const prog = await getProgram(db.kysely, id);
        if (p.role === 'merchant') {
          assertMerchantScope(p, (await storeMerchant(db, storeId)) ?? '');
          if ((prog.params as { enrolment?: string }).enrolment === 'invite')
            throw forbidden('this program is by invitation: the operator enrols stores');
        }
        return enrol(db, id, storeId, today());
      },
    );
    app.delete(
      '/traffic/programs/:id/participants/:storeId',
      {
        schema: {
          tags,
          summary: 'Withdraw a store from a budget before it starts',
          params: Type.Object({ id: Id, storeId: Id }),
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'merchant');
        const { id, storeId } = req.params as { id: string; storeId: string };
        if (p.role === 'merchant') assertMerchantScope(p, (await storeMerchant(db, storeId)) ?? '');
        return withdraw(db, id, storeId, today());
      },
    );
    app.get(
      '/traffic/programs/:id/leaderboard',
      {
        schema: {
          tags,
          summary: "A horse race's standings for a month (to date while it runs)",
          params: ProgramParams,
          querystring: Type.Object({ month: Type.Optional(Month) }),
        },
      },
      async (req) => {
        principalOf(req);
        const { id } = req.params as { id: string };
        const t = today();
        return leaderboard(db.kysely, id, (req.query as { month?: string }).month ?? t.slice(0, 7), t);
      },
    );
    app.get(
      '/traffic/programs/:id/accounts/:kind/:entityId',
      {
        schema: {
          tags,
          summary: 'A Chuanliu quota account: earned, delivered, expired, balance and entries',
          params: Type.Object({ id: Id, kind: Type.Enum(['store', 'creator']), entityId: Id }),
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { id, kind, entityId } = req.params as {
          id: string;
          kind: 'store' | 'creator';
          entityId: string;
        };
        if (kind === 'store') assertMerchantScope(p, (await storeMerchant(db, entityId)) ?? '');
        else assertPartyScope(p, 'creator', entityId);
        return quotaAccount(db.kysely, id, kind, entityId, today());
      },
    );

    app.get(
      '/traffic/overview',
      {
        schema: {
          tags,
          summary: 'Exposures by day, scene, program and arm; program costs (operators)',
          querystring: Range,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { from, to } = range(req);
        const [exposures, programs] = await Promise.all([
          exposureSplit(db.kysely, from, to),
          programTotals(db.kysely, from, to),
        ]);
        return { from, to, exposures, programs };
      },
    );
    app.get(
      '/traffic/merchants/:merchantId',
      {
        schema: {
          tags,
          summary:
            "A merchant's traffic: exposures by scene and program, protection, Chuanliu quota, budgets, race prizes",
          params: Type.Object({ merchantId: Id }),
          querystring: Range,
        },
      },
      async (req) => {
        const p = principalOf(req);
        const { merchantId } = req.params as { merchantId: string };
        assertMerchantScope(p, merchantId);
        const { from, to } = range(req);
        const [exposures, totals, programs] = await Promise.all([
          exposureSplit(db.kysely, from, to, merchantId),
          programTotals(db.kysely, from, to, merchantId),
          merchantPrograms(db.kysely, merchantId, today()),
        ]);
        return { merchantId, from, to, exposures, programs: totals, participation: programs };
      },
    );

    app.post(
      '/traffic/jobs/plan',
      {
        schema: {
          tags,
          summary: 'Run the daily program job for a day (operators; idempotent)',
          body: Type.Object({ day: Day }, strict),
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { day } = req.body as { day: string };
        return { day, summary: await planDay(db, day, ctx.cfg.timeZone) };
      },
    );
    app.post(
      '/traffic/jobs/refresh',
      {
        schema: {
          tags,
          summary: "Recompute behavioural signals and rebuild the ranker's catalog as of a day (operators)",
          body: Type.Object(
            { day: Type.Optional(Day), signals: Type.Optional(Type.Boolean({ default: true })) },
            strict,
          ),
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const b = req.body as { day?: string; signals?: boolean };
        const day = b.day ?? today();
        const signals = b.signals === false ? null : await refreshSignals(db, day);
        const c = await (await ranker()).refresh(day);
        return {
          day,
          signals,
          catalog: { products: c.n, stores: c.stores.length, sessions: c.sessions.length },
        };
      },
    );
  };
