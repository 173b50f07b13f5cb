import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import {
  assertMerchantScope,
  assertPartyScope,
  type Principal,
  type Role,
  requireRole,
} from '../../core/auth.ts';
import type { AppContext } from '../../core/context.ts';
import { idempotent } from '../../core/idempotency.ts';
import * as policies from './policies.service.ts';
import { reconcile } from './reconciliation.service.ts';
import * as reports from './reports.service.ts';
import { decide, reviewItem, reviewQueue } from './review.service.ts';
import {
  DailyEarningsQuery,
  FeePolicyBody,
  FeePolicyPatch,
  FeePolicyQuery,
  IdParams,
  LineParams,
  MerchantQuery,
  MonthStatementQuery,
  OrderQuery,
  PartyQuery,
  ReviewBody,
  ReviewQuery,
  RunsQuery,
  SettingsBody,
  ShoppersBody,
  SettleBody,
  StatementQuery,
} from './schemas.ts';
import { payStatement, settleMonth } from './settlement.service.ts';
import { setShoppers } from './shoppers.service.ts';

const tags = ['commissions'];
const params = <T>(req: FastifyRequest) => req.params as T;

/** A statement is its party's (or its merchant's) to read; operators and integrations read all. */
function assertStatementScope(p: Principal, partyType: string, partyId: string) {
  if (partyType === 'merchant') assertMerchantScope(p, partyId);
  else assertPartyScope(p, partyType as Role, partyId);
}

export const commissionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const db = ctx.db.kysely;
    const timeZone = ctx.cfg.timeZone;

    app.post(
      '/commissions/fee-policies',
      {
        schema: {
          tags,
          summary: 'Create a fee policy (operator; idempotent by id, honours Idempotency-Key)',
          description:
            'Transaction fees on merchant sales or service fees on commissions, by category, for a time window and for merchant types, scenes and channels (e.g. 1% for POP live-stream orders, 0 for shelf orders).',
          body: FeePolicyBody,
        },
      },
      async (req, reply) => {
        requireRole(req, 'operator');
        return idempotent(db, req, reply, () => policies.createPolicy(db, req.body as FeePolicyBody));
      },
    );
    app.get(
      '/commissions/fee-policies',
      { schema: { tags, summary: 'Fee policies in force (latest versions)', querystring: FeePolicyQuery } },
      async (req) => {
        requireRole(req, 'operator', 'integration', 'merchant');
        const q = req.query as { kind?: string; status?: string };
        return policies.listPolicies(db, { kind: q.kind, status: q.status });
      },
    );
    app.get(
      '/commissions/fee-policies/:id',
      { schema: { tags, summary: 'A fee policy with its versions', params: IdParams } },
      async (req) => {
        requireRole(req, 'operator', 'integration', 'merchant');
        return policies.policyHistory(db, params<{ id: string }>(req).id);
      },
    );
    app.patch(
      '/commissions/fee-policies/:id',
      {
        schema: {
          tags,
          summary: 'Change a fee policy (a new version; estimated orders keep their rates)',
          params: IdParams,
          body: FeePolicyPatch,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return policies.updatePolicy(db, params<{ id: string }>(req).id, req.body as FeePolicyPatch);
      },
    );
    app.post(
      '/commissions/fee-policies/:id/end',
      { schema: { tags, summary: 'End a fee policy (a new, ended version)', params: IdParams } },
      async (req) => {
        requireRole(req, 'operator');
        return policies.updatePolicy(db, params<{ id: string }>(req).id, { status: 'ended' });
      },
    );

    app.get('/commissions/settings', { schema: { tags, summary: 'Commission settings' } }, async (req) => {
      requireRole(req, 'operator', 'integration');
      return policies.getSettings(db);
    });
    app.patch(
      '/commissions/settings',
      {
        schema: {
          tags,
          summary:
            'Change commission settings (attribution window, holding days, settlement day, default fees, fraud rules)',
          body: SettingsBody,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return policies.updateSettings(db, req.body as SettingsBody);
      },
    );

    app.put(
      '/commissions/shoppers',
      {
        schema: {
          tags,
          summary: "Set a party's own shopper accounts (self-purchase detection); replaces the set",
          body: ShoppersBody,
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        const b = req.body as ShoppersBody;
        return setShoppers(db, b.partyType, b.partyId, b.consumerIds);
      },
    );

    app.get(
      '/commissions/orders',
      {
        schema: {
          tags,
          summary: "A party's commission lines: status, estimated and actual share, settlement month, totals",
          querystring: PartyQuery,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'creator', 'agency', 'promoter');
        const q = req.query as PartyQuery;
        assertPartyScope(p, q.partyType, q.partyId);
        return reports.partyOrders(db, q, new Date());
      },
    );
    app.get(
      '/commissions/merchant-report',
      {
        schema: {
          tags,
          summary: "A merchant's commission cost by party and by product, with fees and subsidies",
          querystring: MerchantQuery,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant');
        const q = req.query as MerchantQuery;
        assertMerchantScope(p, q.merchantId);
        return reports.merchantReport(db, q);
      },
    );

    app.get(
      '/commissions/review',
      {
        schema: {
          tags,
          summary: 'Lines held by fraud rules, waiting for an operator',
          querystring: ReviewQuery,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const q = req.query as {
          limit?: number;
          after?: string;
          status?: 'pending' | 'decided';
          offset?: number;
        };
        return reviewQueue(db, { limit: q.limit ?? 100, after: q.after, status: q.status, offset: q.offset });
      },
    );
    app.get(
      '/commissions/review/:orderId/:lineNo',
      {
        schema: {
          tags,
          summary:
            'A held (or decided) line with names, its fraud reasons and the decision: reason, who, when',
          params: LineParams,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        const { orderId, lineNo } = params<{ orderId: string; lineNo: number }>(req);
        return reviewItem(db, orderId, lineNo);
      },
    );
    app.post(
      '/commissions/review/:orderId/:lineNo',
      {
        schema: {
          tags,
          summary:
            'Clear a held line (it settles) or confirm the fraud (its commission becomes invalid), with a reason',
          params: LineParams,
          body: ReviewBody,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator');
        const { orderId, lineNo } = params<{ orderId: string; lineNo: number }>(req);
        const b = req.body as ReviewBody;
        return decide(db, orderId, lineNo, b.action, new Date(), p, b.reason);
      },
    );

    app.post(
      '/commissions/settlements',
      {
        schema: {
          tags,
          summary: "Settle a month's statements (operator; idempotent: a rerun finishes what is left)",
          body: SettleBody,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return settleMonth(db, (req.body as { month: string }).month, new Date(), { timeZone });
      },
    );
    app.get(
      '/commissions/settlements',
      {
        schema: {
          tags,
          summary:
            'Settlement runs, latest month first: cut-off, when stamped and finished, statements, lines',
          querystring: RunsQuery,
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return reports.settlementRuns(db, req.query as { limit?: number; offset?: number });
      },
    );
    app.get(
      '/commissions/statements/by-month',
      {
        schema: {
          tags,
          summary:
            "Every party's statement of a month with party names, paged, and the month's totals (operator)",
          querystring: MonthStatementQuery,
        },
      },
      async (req) => {
        requireRole(req, 'operator', 'integration');
        return reports.monthStatements(db, req.query as MonthStatementQuery);
      },
    );
    app.get(
      '/commissions/earnings/daily',
      {
        schema: {
          tags,
          summary:
            "A party's estimated and settled share per business day of payment over from..to (≤ 366 days, zero-filled)",
          querystring: DailyEarningsQuery,
        },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'creator', 'agency', 'promoter');
        const q = req.query as DailyEarningsQuery;
        assertPartyScope(p, q.partyType, q.partyId);
        return reports.dailyEarnings(db, q, timeZone);
      },
    );
    app.get(
      '/commissions/statements',
      {
        schema: { tags, summary: "A party's or merchant's monthly statements", querystring: StatementQuery },
      },
      async (req) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant', 'creator', 'agency', 'promoter');
        const q = req.query as StatementQuery;
        assertStatementScope(p, q.partyType, q.partyId);
        return reports.statements(db, q);
      },
    );
    app.get(
      '/commissions/statements/:id/export.csv',
      { schema: { tags, summary: 'The lines and adjustments of a statement as CSV', params: IdParams } },
      async (req, reply) => {
        const p = requireRole(req, 'operator', 'integration', 'merchant', 'creator', 'agency', 'promoter');
        const s = await reports.statement(db, params<{ id: string }>(req).id);
        assertStatementScope(p, s.partyType, s.partyId);
        reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="statement-${s.month}-${s.partyType}-${s.partyId}.csv"`,
          );
        return reports.statementCsv(db, s);
      },
    );
    app.post(
      '/commissions/statements/:id/payout',
      { schema: { tags, summary: 'Pay a settled statement out (operator; idempotent)', params: IdParams } },
      async (req) => {
        requireRole(req, 'operator');
        return payStatement(db, params<{ id: string }>(req).id, new Date());
      },
    );

    app.get(
      '/commissions/reconciliation',
      {
        schema: {
          tags,
          summary: 'Where every fen of an order went: buyer paid = merchant + parties + platform + refunds',
          querystring: OrderQuery,
        },
      },
      async (req) => {
        requireRole(req, 'operator');
        return reconcile(db, (req.query as { orderId: string }).orderId);
      },
    );
  };
