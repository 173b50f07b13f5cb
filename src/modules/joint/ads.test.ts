import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import type { Principal } from '../../core/auth.ts';
import { Problem } from '../../core/errors.ts';
import { balances, checkBalances, transactionsByRef } from '../ledger/index.ts';
import { getProgram } from '../traffic/index.ts';
import { adHooks } from './ads.hooks.ts';
import { adView, ESCROW, programIdOf, REVENUE, sweepAds } from './ads.service.ts';
import type { CampaignRow, Participant } from './types.ts';

/**
 * Ad crowdfunding through its lifecycle hooks (the campaign rows are written here the way the campaign
 * lifecycle writes them, each step in one transaction like the lifecycle's): whitelist, holds on the ledger,
 * exact seats and shares, leaving and rejoining, funding into a traffic program, deadline refunds, cancelling,
 * delivery, and the ad routes.
 */
let t: TestApp;
let operator: string;
const M = ['jam1', 'jam2', 'jam3', 'jam4', 'jam5'];
const S = M.map((m) => `${m}-s`);
const keys: Record<string, string> = {};
const OP: Principal = { role: 'operator', partyId: null, subject: 'test', via: 'api_key' } as Principal;

const NOW = new Date('2030-03-01T00:00:00Z');
const DEADLINE = '2030-03-05T00:00:00.000Z';
const STARTS = '2030-03-09T16:00:00.000Z'; // 2030-03-10 00:00 in Shanghai
const ENDS = '2030-03-17T16:00:00.000Z'; // the ad runs 10..17 March
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000);

const q = async <T>(s: ReturnType<typeof sql<T>>) => (await s.execute(t.ctx.db.kysely)).rows;
const whitelist = (m: string) =>
  t.req(operator, { method: 'PUT', url: `/v1/joint/whitelist/${m}`, payload: {} });

function campaign(id: string, ad: Record<string, unknown>, organiser = 0): CampaignRow {
  return {
    id,
    type: 'ad_crowdfunding',
    name: `Ad ${id}`,
    nameZh: null,
    organiserMerchantId: M[organiser]!,
    organiserStoreId: S[organiser]!,
    startsAt: STARTS,
    endsAt: ENDS,
    cancelled: false,
    rules: { ad: { deadline: DEADLINE, ...ad } },
    requirements: {},
    funding: { mode: 'own_lines' },
    fanOffer: null,
    decoration: null,
    pricing: { offerId: null, templateId: null, fanTemplateId: null },
    version: 1,
    createdAt: NOW.toISOString(),
  };
}

const part = (i: number, shareBp: number | null = null): Participant => ({
  storeId: S[i]!,
  storeName: S[i]!,
  merchantId: M[i]!,
  merchantName: M[i]!,
  role: 'participant',
  status: 'accepted',
  shareBp,
  invitedAt: NOW.toISOString(),
  respondedAt: NOW.toISOString(),
  note: null,
});

/** The lifecycle's create: campaign and organiser rows, then the hook; a refusal leaves nothing. */
async function create(c: CampaignRow, now = NOW, organiserShareBp: number | null = null) {
  const issues = adHooks.validate(c.rules, OP);
  if (issues.length) throw new Problem(422, 'Unprocessable Content', 'rules', issues);
  await t.ctx.db.kysely.transaction().execute(async (trx) => {
    await sql`INSERT INTO joint_campaigns (id, type, name, organiser_merchant_id, organiser_store_id, starts_at, ends_at,
        rules, requirements, funding, body_hash)
      VALUES (${c.id}, ${c.type}, ${c.name}, ${c.organiserMerchantId}, ${c.organiserStoreId}, ${c.startsAt}, ${c.endsAt},
        ${JSON.stringify(c.rules)}::jsonb, '{}'::jsonb, '{"mode":"own_lines"}'::jsonb, 'h')`.execute(trx);
    await sql`INSERT INTO joint_participants (campaign_id, store_id, merchant_id, role, status, share_bp, invited_at)
      VALUES (${c.id}, ${c.organiserStoreId}, ${c.organiserMerchantId}, 'organiser', 'accepted', ${organiserShareBp}, ${now})`.execute(
      trx,
    );
    await adHooks.onCreate!(trx, t.ctx.db, c, OP, now);
  });
  return c;
}

async function join(c: CampaignRow, i: number, shareBp: number | null = null, now = NOW) {
  await t.ctx.db.kysely.transaction().execute(async (trx) => {
    await sql`INSERT INTO joint_participants (campaign_id, store_id, merchant_id, role, status, share_bp, invited_at)
      VALUES (${c.id}, ${S[i]}, ${M[i]}, 'participant', 'accepted', ${shareBp}, ${now})
      ON CONFLICT (campaign_id, store_id) DO UPDATE SET status = 'accepted', share_bp = ${shareBp}`.execute(
      trx,
    );
    await adHooks.onJoin!(trx, t.ctx.db, c, part(i, shareBp), now);
  });
}

async function leave(c: CampaignRow, i: number, now = NOW) {
  await t.ctx.db.kysely.transaction().execute(async (trx) => {
    await sql`UPDATE joint_participants SET status = 'removed' WHERE campaign_id = ${c.id} AND store_id = ${S[i]}`.execute(
      trx,
    );
    await adHooks.onLeave!(trx, t.ctx.db, c, { ...part(i), status: 'removed' }, now);
  });
}

async function cancel(c: CampaignRow, now = NOW) {
  await t.ctx.db.kysely.transaction().execute(async (trx) => {
    await sql`UPDATE joint_campaigns SET cancelled = true WHERE id = ${c.id}`.execute(trx);
    await adHooks.onCancel!(trx, t.ctx.db, { ...c, cancelled: true }, now);
  });
}

/** The problem a call is refused with. */
async function refusal(
  p: Promise<unknown>,
): Promise<{ status: number; code: string | undefined; field: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof Problem)) throw e;
    return { status: e.status, code: e.errors?.[0]?.code, field: e.errors?.[0]?.field ?? '' };
  }
  throw new Error('expected a refusal');
}

const avail = (i: number) => `merchant:${M[i]}:available`;
async function bal(...names: string[]) {
  return Object.fromEntries([...(await balances(t.ctx.db.kysely, names))].map(([k, v]) => [k, v]));
}
async function ledgerSound() {
  const r = await checkBalances(t.ctx.db.kysely);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  expect(r.totals).toEqual({ posted: 0, pending: 0 });
}

beforeAll(async () => {
  t = await testApp();
  operator = t.keys.operator!;
  const k = t.ctx.db.kysely;
  await sql`INSERT INTO categories (id, level, name) VALUES ('jac', 1, 'Joint ad category')`.execute(k);
  for (const [i, m] of M.entries()) {
    await sql`INSERT INTO merchants (id, name, type, onboarded_at) VALUES (${m}, ${`Merchant ${i}`}, 'pop', '2029-01-01')`.execute(
      k,
    );
    await sql`INSERT INTO stores (id, merchant_id, name, main_category_id, opened_at)
      VALUES (${S[i]}, ${m}, ${`Store ${i}`}, 'jac', '2029-01-01')`.execute(k);
    keys[m] = await t.key('merchant', m);
  }
  for (const m of M.slice(0, 3)) expect((await whitelist(m)).status).toBe(200);
}, 120_000);
afterAll(() => t?.close());

describe('whitelist', () => {
  test('operators manage it, merchants see their own state, others are refused', async () => {
    const list = await t.req(operator, { method: 'GET', url: '/v1/joint/whitelist' });
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: { merchantId: string }) => x.merchantId).sort()).toEqual(M.slice(0, 3));
    expect(list.body.items[0]).toMatchObject({
      merchantName: expect.any(String),
      addedAt: expect.any(String),
    });
    expect((await t.req(keys[M[0]!]!, { method: 'GET', url: '/v1/joint/whitelist/me' })).body).toEqual({
      merchantId: M[0],
      whitelisted: true,
    });
    expect(
      (await t.req(keys[M[4]!]!, { method: 'GET', url: '/v1/joint/whitelist/me' })).body.whitelisted,
    ).toBe(false);
    expect((await t.req(keys[M[4]!]!, { method: 'GET', url: '/v1/joint/whitelist' })).status).toBe(403);
    const self = await t.req(keys[M[4]!]!, {
      method: 'PUT',
      url: `/v1/joint/whitelist/${M[4]}`,
      payload: {},
    });
    expect(self.status).toBe(403);
    expect(self.headers['content-type']).toContain('application/problem+json');
    expect(
      (await t.req(operator, { method: 'PUT', url: '/v1/joint/whitelist/nobody', payload: { note: 'x' } }))
        .status,
    ).toBe(404);
    const put = await t.req(operator, {
      method: 'PUT',
      url: `/v1/joint/whitelist/${M[4]}`,
      payload: { note: 'pilot' },
    });
    expect(put.body).toMatchObject({ merchantId: M[4], note: 'pilot', addedBy: expect.any(String) });
    const del = await t.req(operator, { method: 'DELETE', url: `/v1/joint/whitelist/${M[4]}` });
    expect(del.body).toEqual({ merchantId: M[4], whitelisted: false, removed: true });
    expect(
      (await t.req(operator, { method: 'DELETE', url: `/v1/joint/whitelist/${M[4]}` })).body.removed,
    ).toBe(false);
  });

  test('slots are public to signed-in callers', async () => {
    const r = await t.req(keys[M[4]!]!, { method: 'GET', url: '/v1/joint/ad-slots' });
    expect(r.status).toBe(200);
    expect(r.body.items[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      nameZh: expect.any(String),
      price: expect.any(Number),
      exposures: expect.any(Number),
      days: expect.any(Number),
    });
    expect((await t.req(null, { method: 'GET', url: '/v1/joint/ad-slots' })).status).toBe(401);
  });
});

describe('creating', () => {
  test('a merchant off the whitelist cannot initiate: 403 not_whitelisted, nothing written', async () => {
    const c = campaign('jad-nw', { slot: 'feed_top', split: 'equal', seats: 3 }, 4);
    expect(await refusal(create(c))).toMatchObject({ status: 403, code: 'not_whitelisted' });
    expect(await q(sql`SELECT 1 FROM joint_campaigns WHERE id = 'jad-nw'`)).toEqual([]);
    expect(await q(sql`SELECT 1 FROM joint_ads WHERE campaign_id = 'jad-nw'`)).toEqual([]);
  });
  test('rules and dates are checked: bad rules, a past deadline, a deadline on the first day', async () => {
    expect(await refusal(create(campaign('jad-r1', { slot: 'x', split: 'equal', seats: 3 })))).toMatchObject({
      status: 422,
      field: 'rules.ad.slot',
    });
    expect(
      await refusal(
        create(campaign('jad-r2', { slot: 'feed_top', split: 'equal', seats: 3 }), new Date(DEADLINE)),
      ),
    ).toMatchObject({ status: 422, code: 'deadline_passed' });
    expect(
      await refusal(
        create(
          campaign('jad-r3', {
            slot: 'feed_top',
            split: 'equal',
            seats: 3,
            deadline: '2030-03-09T17:00:00Z',
          }),
        ),
      ),
    ).toMatchObject({ status: 422, code: 'deadline_after_start' });
    expect(await refusal(create(campaign('jad-r4', { slot: 'feed_top', split: 'shares' })))).toMatchObject({
      status: 422,
      code: 'share_required',
    });
    expect(await q(sql`SELECT 1 FROM joint_ads WHERE campaign_id LIKE 'jad-r%'`)).toEqual([]);
  });
});

describe('equal seats', () => {
  let c: CampaignRow;
  test('the initiator holds its seat on the ledger', async () => {
    c = await create(campaign('jad-eq', { slot: 'feed_top', price: 1_200_000, split: 'equal', seats: 3 }));
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v).toMatchObject({
      slot: 'feed_top',
      slotName: 'Recommendation feed, top positions',
      slotNameZh: '推荐信息流置顶',
      price: 1_200_000,
      exposures: 800_000,
      deadline: DEADLINE,
      split: 'equal',
      seats: 3,
      maxParticipants: 3,
      fundingStatus: 'open',
      raised: 400_000,
      remaining: 800_000,
      programId: null,
      delivery: null,
    });
    expect(v.contributions).toEqual([
      {
        merchantId: M[0],
        merchantName: 'Merchant 0',
        storeId: S[0],
        storeName: 'Store 0',
        shareBp: 3333,
        amount: 400_000,
        status: 'held',
        joinedAt: NOW.toISOString(),
      },
    ]);
    expect(await bal(avail(0), ESCROW)).toEqual({
      [avail(0)]: { posted: 0, pending: 400_000 },
      [ESCROW]: { posted: 0, pending: -400_000 },
    });
    const txs = await transactionsByRef(t.ctx.db.kysely, 'joint_campaign', c.id);
    expect(txs.map((x: { key: string }) => x.key)).toEqual([`joint.ad.hold:${c.id}:${S[0]}`]);
  });

  test('joiners must be whitelisted; a leaver is voided and may rejoin under a new hold', async () => {
    expect(await refusal(join(c, 3))).toMatchObject({ status: 403, code: 'not_whitelisted' });
    expect(await refusal(join(c, 1, 5000))).toMatchObject({ status: 422, code: 'share_not_allowed' });
    await join(c, 1, null, at(1));
    await join(c, 1, null, at(1)); // a retry changes nothing
    await leave(c, 1, at(2));
    expect(await bal(avail(1))).toEqual({ [avail(1)]: { posted: 0, pending: 0 } });
    await join(c, 1, null, at(3));
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.contributions.map((x) => [x.storeId, x.status, x.amount])).toEqual([
      [S[0], 'held', 400_000],
      [S[1], 'voided', 400_000],
      [S[1], 'held', 400_000],
    ]);
    expect(v).toMatchObject({ raised: 800_000, remaining: 400_000, fundingStatus: 'open' });
    await ledgerSound();
  });

  test('the last seat funds the ad: holds posted, escrow to revenue, a budget program with every store', async () => {
    await whitelist(M[3]!);
    await join(c, 3, null, at(4));
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.fundingStatus).toBe('funded');
    expect(v.raised).toBe(1_200_000);
    expect(v.remaining).toBe(0);
    expect(v.contributions.filter((x) => x.status === 'posted').map((x) => x.amount)).toEqual([
      400_000, 400_000, 400_000,
    ]);
    expect(v.programId).toBe(programIdOf(c.id));
    expect(await bal(avail(0), avail(1), avail(3), ESCROW, REVENUE)).toEqual({
      [avail(0)]: { posted: 400_000, pending: 0 },
      [avail(1)]: { posted: 400_000, pending: 0 },
      [avail(3)]: { posted: 400_000, pending: 0 },
      [ESCROW]: { posted: 0, pending: 0 },
      [REVENUE]: { posted: -1_200_000, pending: 0 },
    });
    await ledgerSound();
    const p = await getProgram(t.ctx.db.kysely, v.programId!);
    expect(p).toMatchObject({
      kind: 'budget',
      startsOn: '2030-03-10',
      endsOn: '2030-03-17',
      status: 'active',
      params: { pool: 800_000, enrolment: 'invite', rule: 'equal', scenes: ['feed', 'mall'] },
    });
    const enrolled = await q<{ entity_id: string; status: string }>(
      sql`SELECT entity_id, status FROM traffic_participants WHERE program_id = ${p.id} ORDER BY entity_id`,
    );
    expect(enrolled).toEqual([S[0], S[1], S[3]].map((s) => ({ entity_id: s, status: 'enrolled' })));
    expect(v.delivery).toEqual({
      exposures: 0,
      clicks: 0,
      gmv: 0,
      orders: 0,
      byParticipant: [S[0], S[1], S[3]].map((storeId) => ({
        storeId,
        exposures: 0,
        clicks: 0,
        gmv: 0,
        orders: 0,
      })),
    });
  });

  test('a funded ad takes nobody else and keeps its contributions', async () => {
    expect(await refusal(join(c, 2, null, at(5)))).toMatchObject({ status: 409, code: 'ad_funded' });
    expect(await refusal(leave(c, 1, at(5)))).toMatchObject({ status: 409, code: 'ad_funded' });
    // The refused leave rolled back: the store is still accepted.
    expect(
      await q(sql`SELECT status FROM joint_participants WHERE campaign_id = ${c.id} AND store_id = ${S[1]}`),
    ).toEqual([{ status: 'accepted' }]);
  });

  test('delivery: program exposures, clicks on shown products, attributed orders per participant', async () => {
    const k = t.ctx.db.kysely;
    const pid = programIdOf(c.id);
    await sql`INSERT INTO consumers (id, registered_at) VALUES ('jac1', '2029-01-01')`.execute(k);
    for (const [i, s] of [S[0], S[1]].entries()) {
      await sql`INSERT INTO products (id, store_id, merchant_id, category_id, title, listed_at)
        VALUES (${`${s}-p`}, ${s}, ${M[i]}, 'jac', 'P', '2029-01-01'), (${`${s}-q`}, ${s}, ${M[i]}, 'jac', 'Q', '2029-01-01')`.execute(
        k,
      );
      await sql`INSERT INTO skus (id, product_id, price, stock) VALUES (${`${s}-p1`}, ${`${s}-p`}, 100, 10),
        (${`${s}-q1`}, ${`${s}-q`}, 100, 10)`.execute(k);
    }
    await sql`INSERT INTO traffic_exposures (day, hour, scene, item_kind, item_id, store_id, program_id, arm, exposures) VALUES
      ('2030-03-11', 10, 'feed', 'product', ${`${S[0]}-p`}, ${S[0]}, ${pid}, 'score', 500),
      ('2030-03-12', 11, 'mall', 'product', ${`${S[0]}-p`}, ${S[0]}, ${pid}, 'score', 300),
      ('2030-03-11', 10, 'feed', 'product', ${`${S[1]}-p`}, ${S[1]}, ${pid}, 'score', 200),
      ('2030-03-11', 10, 'feed', 'product', ${`${S[1]}-q`}, ${S[1]}, '', 'score', 999),
      ('2030-03-20', 10, 'feed', 'product', ${`${S[1]}-p`}, ${S[1]}, ${pid}, 'score', 7)`.execute(k);
    // Clicks count on a product shown by the ad that day in its scenes.
    await sql`INSERT INTO events (id, day, occurred_at, type, user_id, product_id, store_id, scene, channel) VALUES
      ('jae1', '2030-03-11', '2030-03-11T03:00:00Z', 'click', 'jac1', ${`${S[0]}-p`}, ${S[0]}, 'feed', 'organic'),
      ('jae2', '2030-03-12', '2030-03-12T03:00:00Z', 'click', 'jac1', ${`${S[0]}-p`}, ${S[0]}, 'mall', 'organic'),
      ('jae3', '2030-03-13', '2030-03-13T03:00:00Z', 'click', 'jac1', ${`${S[0]}-p`}, ${S[0]}, 'feed', 'organic'),
      ('jae4', '2030-03-11', '2030-03-11T03:00:00Z', 'click', 'jac1', ${`${S[1]}-q`}, ${S[1]}, 'feed', 'organic'),
      ('jae5', '2030-03-11', '2030-03-11T03:00:00Z', 'click', 'jac1', ${`${S[1]}-p`}, ${S[1]}, 'search', 'organic')`.execute(
      k,
    );
    const order = async (id: string, i: number, product: string, day: string, status = 'paid') => {
      await sql`INSERT INTO orders (id, consumer_id, store_id, merchant_id, status, scene, channel, items_amount,
          discount_amount, shipping_fee, pay_amount, created_at, paid_at, paid_day, ad_id)
        VALUES (${id}, 'jac1', ${S[i]}, ${M[i]}, ${status}, 'feed', 'organic', 1000, 0, 0, 1000,
          ${`${day}T02:00:00Z`}, ${`${day}T02:00:00Z`}, ${day}, null)`.execute(k);
      await sql`INSERT INTO order_lines (order_id, line_no, sku_id, product_id, category_id, quantity, unit_price, amount, discount, paid)
        VALUES (${id}, 1, ${`${product}1`}, ${product}, 'jac', 1, 1000, 1000, 0, 1000)`.execute(k);
    };
    await order('jao1', 0, `${S[0]}-p`, '2030-03-11'); // shown that day
    await order('jao2', 0, `${S[0]}-p`, '2030-03-15'); // shown before
    await order('jao3', 0, `${S[0]}-p`, '2030-03-10'); // before it was first shown
    await order('jao4', 0, `${S[0]}-q`, '2030-03-12'); // never shown by the ad
    await order('jao5', 1, `${S[1]}-p`, '2030-03-11');
    await order('jao6', 1, `${S[1]}-p`, '2030-03-19'); // after the ad
    await order('jao7', 1, `${S[1]}-p`, '2030-03-12', 'cancelled');
    await sql`UPDATE orders SET ad_id = ${c.id} WHERE id = 'jao4'`.execute(k); // carries the ad itself
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.delivery).toEqual({
      exposures: 1000,
      clicks: 2,
      gmv: 4000,
      orders: 4,
      byParticipant: [
        { storeId: S[0], exposures: 800, clicks: 2, gmv: 3000, orders: 3 },
        { storeId: S[1], exposures: 200, clicks: 0, gmv: 1000, orders: 1 },
        { storeId: S[3], exposures: 0, clicks: 0, gmv: 0, orders: 0 },
      ],
    });
  });
});

describe('shares', () => {
  test('shares pay by cumulative share, the last participant must complete, funded at 10000 bp', async () => {
    const c = await create(
      campaign('jad-sh', { slot: 'mall_channel', split: 'shares', shareBp: 3333, maxParticipants: 3 }),
    );
    expect(await refusal(join(c, 1, null))).toMatchObject({ status: 422, code: 'share_required' });
    expect(await refusal(join(c, 1, 7000))).toMatchObject({ status: 422, code: 'share_too_large' });
    await join(c, 1, 3333, at(1));
    expect(await refusal(join(c, 2, 3000, at(2)))).toMatchObject({
      status: 422,
      code: 'share_must_complete',
    });
    await join(c, 2, 3334, at(2));
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.fundingStatus).toBe('funded');
    // 600000 × 3333/10000 = 199980; cumulative floors: 199980, 399960 − 199980, 600000 − 399960.
    expect(v.contributions.map((x) => [x.shareBp, x.amount])).toEqual([
      [3333, 199_980],
      [3333, 199_980],
      [3334, 200_040],
    ]);
    expect(v.contributions.reduce((s, x) => s + x.amount, 0)).toBe(600_000);
    await ledgerSound();
  });
  test("the initiator's share may come from its participant row (funding.organiserShareBp)", async () => {
    const c = await create(campaign('jad-sh2', { slot: 'mall_channel', split: 'shares' }), NOW, 5000);
    expect((await adView(t.ctx.db, c.id))!.contributions[0]).toMatchObject({
      shareBp: 5000,
      amount: 300_000,
    });
    await cancel(c, at(1));
  });
});

describe('races', () => {
  test('concurrent joins for the last seats: exactly the seats fill, the loser is refused, the sum is the price', async () => {
    const c = await create(campaign('jad-race', { slot: 'festival_hall', split: 'equal', seats: 3 }));
    const r = await Promise.allSettled([1, 2, 3].map((i) => join(c, i, null, at(i))));
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(2);
    const lost = r.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(Problem);
    expect((lost.reason as Problem).errors?.[0]?.code).toBe('ad_funded');
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.fundingStatus).toBe('funded');
    expect(v.contributions.filter((x) => x.status === 'posted').reduce((a, x) => a + x.amount, 0)).toBe(
      8_000_000,
    );
    expect(v.contributions).toHaveLength(3); // the refused join wrote nothing
    await ledgerSound();
  });
});

describe('deadline and cancelling', () => {
  test('an ad unfunded at its deadline is refunded by the sweep; late joins are refused', async () => {
    const c = await create(campaign('jad-dl', { slot: 'home_banner', split: 'equal', seats: 4 }));
    await join(c, 1, null, at(1));
    expect((await sweepAds(t.ctx.db, at(2))).refunded).not.toContain(c.id);
    expect(await refusal(join(c, 2, null, new Date(DEADLINE)))).toMatchObject({
      status: 409,
      code: 'deadline_passed',
    });
    const r = await sweepAds(t.ctx.db, new Date(DEADLINE));
    expect(r.refunded).toContain(c.id);
    expect((await sweepAds(t.ctx.db, new Date(DEADLINE))).refunded).toEqual([]);
    const v = (await adView(t.ctx.db, c.id))!;
    expect(v.fundingStatus).toBe('refunded');
    expect(v.raised).toBe(0);
    expect(v.contributions.map((x) => x.status)).toEqual(['voided', 'voided']);
    const keys = (await transactionsByRef(t.ctx.db.kysely, 'joint_campaign', c.id)).map(
      (x: { key: string }) => x.key,
    );
    expect(keys.sort()).toEqual(
      [
        `joint.ad.hold:${c.id}:${S[0]}`,
        `joint.ad.hold:${c.id}:${S[1]}`,
        `joint.ad.hold:${c.id}:${S[0]}:void`,
        `joint.ad.hold:${c.id}:${S[1]}:void`,
      ].sort(),
    );
    await ledgerSound();
  });

  test('cancelling voids the holds of an open ad; a funded ad is refunded before it starts, not after', async () => {
    const open = await create(
      campaign('jad-c1', { slot: 'feed_top', split: 'equal', seats: 2, maxParticipants: 2 }),
    );
    await cancel(open, at(1));
    expect((await adView(t.ctx.db, open.id))!).toMatchObject({ fundingStatus: 'cancelled', raised: 0 });

    const f = await create(campaign('jad-c2', { slot: 'feed_top', split: 'equal', seats: 2 }));
    await join(f, 2, null, at(1));
    expect((await adView(t.ctx.db, f.id))!.fundingStatus).toBe('funded');
    expect(await refusal(cancel(f, new Date(STARTS)))).toMatchObject({ status: 409, code: 'ad_running' });
    expect(await q(sql`SELECT cancelled FROM joint_campaigns WHERE id = ${f.id}`)).toEqual([
      { cancelled: false },
    ]);
    const before = await bal(avail(2), REVENUE);
    await cancel(f, at(2));
    const v = (await adView(t.ctx.db, f.id))!;
    expect(v.fundingStatus).toBe('cancelled');
    expect(v.contributions.map((x) => x.status)).toEqual(['refunded', 'refunded']);
    const after = await bal(avail(2), REVENUE);
    expect(after[avail(2)]!.posted - before[avail(2)]!.posted).toBe(-600_000);
    expect(after[REVENUE]!.posted - before[REVENUE]!.posted).toBe(1_200_000);
    expect((await getProgram(t.ctx.db.kysely, v.programId!)).status).toBe('ended');
    await ledgerSound();
  });
});

describe('routes', () => {
  test('GET /campaigns/:id/ad: operators, involved merchants, whitelisted merchants while open', async () => {
    const c = await create(campaign('jad-rt', { slot: 'feed_top', split: 'equal', seats: 5 }));
    const url = `/v1/joint/campaigns/${c.id}/ad`;
    expect((await t.req(operator, { method: 'GET', url })).body).toMatchObject({ fundingStatus: 'open' });
    expect((await t.req(keys[M[0]!]!, { method: 'GET', url })).status).toBe(200);
    expect((await t.req(keys[M[2]!]!, { method: 'GET', url })).status).toBe(200); // whitelisted: may join
    expect((await t.req(keys[M[4]!]!, { method: 'GET', url })).status).toBe(403);
    const none = await t.req(operator, { method: 'GET', url: '/v1/joint/campaigns/nope/ad' });
    expect(none.status).toBe(404);
    expect(none.headers['content-type']).toContain('application/problem+json');
  });

  test('GET /ads?status=open lists what a merchant can join', async () => {
    const open = await t.req(keys[M[2]!]!, { method: 'GET', url: '/v1/joint/ads?status=open' });
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    const ids = open.body.items.map((x: { id: string }) => x.id);
    // Before the real clock passes 2030-03-05 every open ad is joinable; jad-c2 etc. are not open.
    expect(ids).toContain('jad-rt');
    expect(ids).not.toContain('jad-eq');
    expect(open.body.items.find((x: { id: string }) => x.id === 'jad-rt')).toMatchObject({
      type: 'ad_crowdfunding',
      ad: { fundingStatus: 'open', seats: 5 },
    });
    // The initiator is in already; a merchant off the whitelist sees none.
    const mine = await t.req(keys[M[0]!]!, { method: 'GET', url: '/v1/joint/ads?status=open' });
    expect(mine.body.items.map((x: { id: string }) => x.id)).not.toContain('jad-rt');
    const off = await t.req(keys[M[4]!]!, { method: 'GET', url: '/v1/joint/ads?status=open' });
    expect(off.body).toEqual({ items: [], whitelisted: false });
    const joined = await t.req(keys[M[1]!]!, { method: 'GET', url: '/v1/joint/ads?status=funded' });
    expect(joined.body.items.map((x: { id: string }) => x.id)).toEqual(
      expect.arrayContaining(['jad-eq', 'jad-sh']),
    );
    expect(joined.body.items.map((x: { id: string }) => x.id)).not.toContain('jad-rt');
    expect((await t.req(operator, { method: 'GET', url: '/v1/joint/ads?status=nope' })).status).toBe(400);
  });

  test('the routes are in the OpenAPI document', async () => {
    const spec = await t.req(null, { method: 'GET', url: '/openapi.json' });
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/joint/ad-slots',
        '/v1/joint/whitelist',
        '/v1/joint/whitelist/me',
        '/v1/joint/whitelist/{merchantId}',
        '/v1/joint/ads',
        '/v1/joint/campaigns/{id}/ad',
        '/v1/joint/ads/sweep',
      ]),
    );
  });

  test('POST /ads/sweep is the operator’s', async () => {
    expect(
      (await t.req(keys[M[0]!]!, { method: 'POST', url: '/v1/joint/ads/sweep', payload: {} })).status,
    ).toBe(403);
    const r = await t.req(operator, {
      method: 'POST',
      url: '/v1/joint/ads/sweep',
      payload: { now: '2030-03-05T00:00:00Z' },
    });
    expect(r.status).toBe(200);
    expect(r.body.refunded).toContain('jad-rt');
    expect((await t.req(operator, { method: 'POST', url: '/v1/joint/ads/sweep' })).status).toBe(200);
    await ledgerSound();
  });
});
