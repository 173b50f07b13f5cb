import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { postTransactions, resolvePending, type TxInput } from './index.ts';

let t: TestApp;
let merchant1: string;
let creator1: string;

const tx = (key: string, at: string, amount: number, extra: Partial<TxInput> = {}): TxInput => ({
  key,
  kind: 'commission.estimate',
  refType: 'order',
  refId: `ord_${key}`,
  at: new Date(at),
  entries: [
    { account: 'platform:main:buyer_funds', amount },
    { account: 'merchant:m_1:payable', amount: -amount + 10 },
    { account: 'creator:cr_1:pending', amount: -10 },
  ],
  ...extra,
});

beforeAll(async () => {
  t = await testApp();
  merchant1 = await t.key('merchant', 'm_1');
  creator1 = await t.key('creator', 'cr_1');
  const db = t.ctx.db.kysely;
  // One call each, in time order: entries list newest recorded first (a batch records in key order).
  const txs: TxInput[] = [
    // 23:00 on 30 September in Shanghai: before October.
    tx('sep', '2026-09-30T15:00:00Z', 1000),
    // 01:00 on 1 October in Shanghai, though still 30 September in UTC.
    tx('oct1', '2026-09-30T17:00:00Z', 500),
    tx('oct2', '2026-10-15T02:00:00Z', 300, { memo: 'has, a "comma"' }),
    tx('pend-posted', '2026-10-20T02:00:00Z', 200, { pending: true }),
    tx('pend-open', '2026-10-21T02:00:00Z', 100, { pending: true }),
    tx('nov', '2026-11-02T02:00:00Z', 700),
    {
      key: 'other-merchant',
      kind: 'commission.estimate',
      at: new Date('2026-10-03T00:00:00Z'),
      entries: [
        { account: 'platform:main:buyer_funds', amount: 90 },
        { account: 'merchant:m_2:payable', amount: -90 },
      ],
    },
  ];
  for (const x of txs) await db.transaction().execute((trx) => postTransactions(trx, [x]));
  await db.transaction().execute((trx) =>
    resolvePending(trx, [
      {
        pendingKey: 'pend-posted',
        action: 'post',
        key: 'pend-posted:post',
        at: new Date('2026-10-25T02:00:00Z'),
      },
    ]),
  );
});
afterAll(() => t.close());

describe('ledger routes', () => {
  test("a party's accounts with balances; normal sides by purpose", async () => {
    const r = await t.req(merchant1, { method: 'GET', url: '/v1/ledger/accounts?owner=merchant:m_1' });
    expect(r.status).toBe(200);
    expect(r.body.accounts).toEqual([
      {
        name: 'merchant:m_1:payable',
        ownerType: 'merchant',
        ownerId: 'm_1',
        purpose: 'payable',
        normalSide: 'credit',
        posted: -(990 + 490 + 290 + 190 + 690),
        pending: -90,
      },
    ]);
    const all = await t.req(t.keys.operator!, { method: 'GET', url: '/v1/ledger/accounts?limit=2' });
    expect(all.body.accounts.map((a: { name: string }) => a.name)).toEqual([
      'creator:cr_1:pending',
      'merchant:m_1:payable',
    ]);
    const next = await t.req(t.keys.operator!, {
      method: 'GET',
      url: '/v1/ledger/accounts?limit=2&after=merchant:m_1:payable',
    });
    expect(next.body.accounts.map((a: { name: string }) => a.name)).toEqual([
      'merchant:m_2:payable',
      'platform:main:buyer_funds',
    ]);
  });

  test('a merchant cannot read another merchant, a creator another creator, nor either the platform', async () => {
    const denied = [
      [merchant1, '/v1/ledger/accounts?owner=merchant:m_2'],
      [merchant1, '/v1/ledger/accounts/merchant:m_2:payable/entries'],
      [merchant1, '/v1/ledger/statements/merchant/m_2?month=2026-10'],
      [merchant1, '/v1/ledger/accounts?owner=creator:cr_1'],
      [merchant1, '/v1/ledger/accounts'],
      [merchant1, '/v1/ledger/check'],
      [creator1, '/v1/ledger/accounts?owner=creator:cr_2'],
      [creator1, '/v1/ledger/accounts?owner=platform:main'],
      [creator1, '/v1/ledger/accounts/platform:main:buyer_funds/entries'],
    ] as const;
    for (const [key, url] of denied) {
      const r = await t.req(key, { method: 'GET', url });
      expect([url, r.status]).toEqual([url, 403]);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(
      (await t.req(creator1, { method: 'GET', url: '/v1/ledger/accounts?owner=creator:cr_1' })).status,
    ).toBe(200);
    expect((await t.req(null, { method: 'GET', url: '/v1/ledger/accounts?owner=creator:cr_1' })).status).toBe(
      401,
    );
  });

  test('entries come newest first, paged by cursor, with the pending status', async () => {
    const url = '/v1/ledger/accounts/creator:cr_1:pending/entries';
    const p1 = await t.req(creator1, { method: 'GET', url: `${url}?limit=4` });
    expect(p1.status).toBe(200);
    expect(p1.body.entries.map((e: { key: string; status: string }) => `${e.key}/${e.status}`)).toEqual([
      'nov/posted',
      'pend-open/pending',
      'pend-posted/posted',
      'oct2/posted',
    ]);
    const p2 = await t.req(creator1, { method: 'GET', url: `${url}?limit=4&cursor=${p1.body.next}` });
    expect(p2.body.entries.map((e: { key: string }) => e.key)).toEqual(['oct1', 'sep']);
    expect(p2.body.next).toBeNull();
    const missing = await t.req(t.keys.operator!, {
      method: 'GET',
      url: '/v1/ledger/accounts/creator:cr_9:pending/entries',
    });
    expect(missing.status).toBe(404);
    const bad = await t.req(t.keys.operator!, {
      method: 'GET',
      url: '/v1/ledger/accounts/not-an-account/entries',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('name');
  });

  test('a monthly statement in the marketplace time zone: opening, lines, closing, pending left open', async () => {
    const r = await t.req(creator1, {
      method: 'GET',
      url: '/v1/ledger/statements/creator/cr_1?month=2026-10',
    });
    expect(r.status).toBe(200);
    expect(r.body.timeZone).toBe('Asia/Shanghai');
    expect(r.body.from).toBe('2026-09-30T16:00:00.000Z');
    expect(r.body.to).toBe('2026-10-31T16:00:00.000Z');
    const [a] = r.body.accounts;
    expect(a.account).toBe('creator:cr_1:pending');
    expect(a.opening).toBe(-10);
    expect(
      a.lines.map((l: { key: string; day: string; balance: number }) => [l.key, l.day, l.balance]),
    ).toEqual([
      ['oct1', '2026-10-01', -20],
      ['oct2', '2026-10-15', -30],
      // A posted pending transaction counts from its posting.
      ['pend-posted', '2026-10-25', -40],
    ]);
    expect(a.closing).toBe(-40);
    expect(a.credits).toBe(30);
    expect(a.pendingClosing).toBe(-10);
  });

  test('the statement as CSV: text/csv with a header row, opening and closing rows, quoted text', async () => {
    const r = await t.req(merchant1, {
      method: 'GET',
      url: '/v1/ledger/statements/merchant/m_1?month=2026-10&format=csv',
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    const rows = parse(r.body as string, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([
      'account',
      'purpose',
      'normal_side',
      'day',
      'at',
      'tx_id',
      'tx_key',
      'kind',
      'ref_type',
      'ref_id',
      'memo',
      'debit',
      'credit',
      'balance',
    ]);
    expect(rows.map((x) => [x.kind, x.credit, x.balance])).toEqual([
      ['opening balance', '', '-990'],
      ['commission.estimate', '490', '-1480'],
      ['commission.estimate', '290', '-1770'],
      ['commission.estimate', '190', '-1960'],
      ['closing balance', '970', '-1960'],
    ]);
    expect(rows[2]!.memo).toBe('has, a "comma"');
  });

  test('bad statement input is a 400 naming the field', async () => {
    for (const [url, field] of [
      ['/v1/ledger/statements/creator/cr_1?month=2026-13', 'month'],
      ['/v1/ledger/statements/creator/cr_1', 'month'],
      ['/v1/ledger/statements/robot/cr_1?month=2026-10', 'ownerType'],
    ] as const) {
      const r = await t.req(t.keys.operator!, { method: 'GET', url });
      expect([url, r.status]).toEqual([url, 400]);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  test("operators list an order's transactions by reference; a merchant may not", async () => {
    const url = '/v1/ledger/transactions?refType=order&refId=ord_pend-posted';
    const r = await t.req(t.keys.operator!, { method: 'GET', url });
    expect(r.status).toBe(200);
    expect(
      r.body.transactions.map((x: { key: string; resolution: string | null }) => [x.key, x.resolution]),
    ).toEqual([
      ['pend-posted', 'post'],
      ['pend-posted:post', 'post'],
    ]);
    expect(r.body.transactions[0].entries).toHaveLength(3);
    expect((await t.req(merchant1, { method: 'GET', url })).status).toBe(403);
    expect(
      (await t.req(t.keys.operator!, { method: 'GET', url: '/v1/ledger/transactions?refType=order' })).status,
    ).toBe(400);
  });

  test('operators reconcile the ledger', async () => {
    const r = await t.req(t.keys.operator!, { method: 'GET', url: '/v1/ledger/check' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      mismatches: [],
      totals: { posted: 0, pending: 0 },
      unbalanced: [],
    });
    expect(r.body.accounts).toBe(4);
  });
});
