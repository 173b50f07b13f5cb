import { sql } from 'kysely';
import { at, loadCatalog, paidOrder } from '../../../test/fixtures.ts';
import type { TestApp } from '../../../test/harness.ts';

/**
 * The tiny marketplace of test/fixtures.ts plus what commissions need: an agency contracted with creator cr1
 * (30% of its commission), a second creator, open plans of m1 (20%) and m2 (10%), and a share link of promoter
 * pr1 (whose leader is pl1) for store s1. Test support only.
 */
export async function commissionWorld(t: TestApp) {
  const post = async (url: string, payload: unknown) => {
    const r = await t.req(t.keys.integration!, { method: 'POST', url, payload: payload as never });
    if (r.status !== 200 && r.status !== 201) throw new Error(`${url}: ${JSON.stringify(r.body)}`);
    return r;
  };
  await loadCatalog(post);
  await post('/v1/catalog/creators', {
    records: [{ id: 'cr2', name: 'Second', followers: 10, joinedAt: '2026-03-01' }],
  });
  await post('/v1/catalog/agencies', {
    records: [
      {
        id: 'ag1',
        name: 'Star MCN',
        contracts: [{ creatorId: 'cr1', splitBp: 3000, startsOn: '2026-01-01' }],
      },
    ],
  });
  for (const [merchantId, rate] of [
    ['m1', 2000],
    ['m2', 1000],
  ] as const) {
    const r = await t.req(t.keys.operator!, {
      method: 'POST',
      url: '/v1/distribution/plans',
      payload: {
        id: `open-${merchantId}`,
        merchantId,
        name: 'open',
        kind: 'open',
        defaultRateBp: rate,
        startsAt: '2026-10-01T00:00:00Z',
      },
    });
    if (r.status !== 201) throw new Error(`plan: ${JSON.stringify(r.body)}`);
  }
  await sql`INSERT INTO share_links (id, code, party_type, party_id, store_id, target_url)
    VALUES ('lnk1', 'PR1CODE', 'promoter', 'pr1', 's1', 'https://example.test/s1')`.execute(t.ctx.db.kysely);
}

export const orders = {
  post: (t: TestApp, records: unknown[]) =>
    t.req(t.keys.integration!, { method: 'POST', url: '/v1/orders', payload: { records } as never }),
  afterSale: (t: TestApp, records: unknown[]) =>
    t.req(t.keys.integration!, { method: 'POST', url: '/v1/after-sales', payload: { records } as never }),
};

/** A paid order of s1 (2 × ¥39.90 − ¥5) attributed as `source` says. */
export const creatorOrder = (
  id: string,
  source: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) =>
  paidOrder(id, {
    source: { scene: 'live', channel: 'creator', creatorId: 'cr1', liveSessionId: 'ls1', ...source },
    ...extra,
  });

/** The same order shipped and delivered (delivery confirmation completes its commission). */
export const delivered = (o: ReturnType<typeof paidOrder>, minutes = 60 * 24 * 2) => ({
  ...o,
  status: 'delivered',
  shippedAt: at(60),
  deliveredAt: at(minutes),
});

export const refund = (id: string, orderId: string, amount: number, lineNo?: number, minutes = 120) => ({
  id,
  orderId,
  ...(lineNo ? { lineNo } : {}),
  type: 'refund_only',
  reasonCode: 'quality_issue',
  amount,
  status: 'refunded',
  requestedAt: at(minutes - 10),
  resolvedAt: at(minutes - 5),
  refundedAt: at(minutes),
});
