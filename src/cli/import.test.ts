import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../core/config.ts';
import { type Database, openTestDatabase } from '../core/db.ts';
import { type ImportSummary, runImport } from './import.ts';

let db: Database;
let cfg: Config;
let dir: string;

function write(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

async function imp(kind: string, file: string, o: { atomic?: boolean; batch?: number } = {}) {
  let summary: ImportSummary | undefined;
  let text = '';
  const code = await runImport(cfg, kind, file, {
    batch: o.batch ?? 100,
    atomic: o.atomic ?? true,
    db,
    progress: false,
    out: (s) => {
      text += s;
    },
    onSummary: (s) => {
      summary = s;
    },
  });
  return { code, summary, text };
}

const q = async (text: string, params: unknown[] = []) => (await db.pool.query(text, params)).rows;

beforeAll(async () => {
  db = await openTestDatabase();
  cfg = loadConfig({ LOG_LEVEL: 'silent' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tributary-import-'));
  const catalog: [string, string[]][] = [
    [
      'categories',
      ['id,parentId,level,name,nameZh', 'c1,,1,Food,食品', 'c11,c1,2,Snacks,零食', 'c111,c11,3,Nuts,坚果'],
    ],
    ['brands', ['id,name', 'b1,Acorn']],
    [
      'merchants',
      ['id,name,type,onboarded_at', 'm1,"Hill Foods, Ltd.",pop,2026-01-01', 'm2,River Goods,self,2026-02-01'],
    ],
    [
      'stores',
      [
        'id,merchantId,name,mainCategoryId,openedAt',
        's1,m1,Hill Foods Flagship,c1,2026-01-02',
        's2,m2,River Goods Store,,2026-02-02',
      ],
    ],
    [
      'products',
      [
        'id,storeId,categoryId,brandId,title,images,attributes.origin,listedAt,skus.id,skus.price,skus.stock,skus.attributes',
        'p1,s1,c111,b1,Roasted almonds 500g,https://img/1.jpg|https://img/2.jpg,Xinjiang,2026-11-01T02:00:00Z,k1,3990,100,',
        'p2,s2,c111,,Walnuts 1kg,,,2026-11-01T02:00:00Z,k2,5990,50,"{""size"":""1kg""}"',
        'p2,s2,c111,,Walnuts 1kg,,,2026-11-01T02:00:00Z,k3,9900,5,"{""size"":""2kg""}"',
      ],
    ],
    [
      'consumers',
      [
        'id,ageBand,gender,region,cityTier,registeredAt',
        'u1,25-29,f,Zhejiang,2,2026-11-01T02:00:00Z',
        'u2,,,,,2026-11-01T02:00:00Z',
      ],
    ],
    ['creators', ['id,name,followers,categories,joinedAt', 'cr1,Lily Eats,120000,c1,2026-03-01']],
  ];
  for (const [kind, lines] of catalog) {
    const r = await imp(kind, write(`${kind}.csv`, lines));
    if (r.code !== 0) throw new Error(`catalog ${kind}: ${r.text}`);
  }
});

afterAll(async () => {
  await db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const ORDER_HEADER =
  'id,storeId,consumerId,status,source.scene,source.channel,source.creatorId,itemsAmount,discountAmount,shippingFee,payAmount,createdAt,paidAt,payments.0.id,payments.0.kind,payments.0.amount,payments.0.paidAt,lines.lineNo,lines.skuId,lines.quantity,lines.unitPrice,lines.discount';

describe('tributary import', () => {
  it('imports catalog rows with dotted, list and JSON columns, grouping SKU rows by product', async () => {
    const p = await q('SELECT id, images, attributes FROM products ORDER BY id');
    expect(p).toEqual([
      { id: 'p1', images: ['https://img/1.jpg', 'https://img/2.jpg'], attributes: { origin: 'Xinjiang' } },
      { id: 'p2', images: [], attributes: {} },
    ]);
    const skus = await q('SELECT id, product_id, price, attributes FROM skus ORDER BY id');
    expect(skus.map((s) => [s.id, s.product_id, s.price, s.attributes])).toEqual([
      ['k1', 'p1', 3990, {}],
      ['k2', 'p2', 5990, { size: '1kg' }],
      ['k3', 'p2', 9900, { size: '2kg' }],
    ]);
    expect((await q('SELECT name FROM merchants WHERE id = $1', ['m1']))[0].name).toBe('Hill Foods, Ltd.');
    expect(
      (await q('SELECT age_band, city_tier FROM consumers ORDER BY id')).map((r) => [
        r.age_band,
        r.city_tier,
      ]),
    ).toEqual([
      ['25-29', 2],
      [null, null],
    ]);
  });

  it('imports orders (one row per line) and is idempotent on re-import', async () => {
    const f = write('orders.csv', [
      ORDER_HEADER,
      'o1,s1,u1,paid,search,organic,,7980,500,0,7480,2026-11-01T02:00:00Z,2026-11-01T02:05:00Z,o1-pay,full,7480,2026-11-01T02:05:00Z,1,k1,2,3990,500',
      'o2,s2,u2,paid,video,creator,cr1,15890,0,0,15890,2026-11-01T03:00:00Z,2026-11-01T03:01:00Z,o2-pay,full,15890,2026-11-01T03:01:00Z,1,k2,1,5990,0',
      'o2,,,,,,,,,,,,,,,,,2,k3,1,9900,0',
      'o3,s2,u1,created,feed,organic,,5990,0,0,5990,2026-11-01T04:00:00Z,,,,,,1,k2,1,5990,0',
    ]);
    const first = await imp('orders', f);
    expect(first.text).toContain('created 3');
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({
      rows: 4,
      records: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    });
    const lines = await q(
      'SELECT order_id, line_no, sku_id, paid FROM order_lines ORDER BY order_id, line_no',
    );
    expect(lines.map((l) => [l.order_id, l.line_no, l.sku_id, l.paid])).toEqual([
      ['o1', 1, 'k1', 7480],
      ['o2', 1, 'k2', 5990],
      ['o2', 2, 'k3', 9900],
      ['o3', 1, 'k2', 5990],
    ]);
    expect((await q('SELECT creator_id FROM orders WHERE id = $1', ['o2']))[0].creator_id).toBe('cr1');

    const again = await imp('orders', f, { batch: 2 });
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({
      records: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      rejected: 0,
      batches: 2,
    });
    expect((await q('SELECT count(*)::int AS n FROM order_lines'))[0].n).toBe(4);
    expect((await q(`SELECT count(*)::int AS n FROM outbox WHERE topic = 'order.created'`))[0].n).toBe(3);
  });

  it('reports bad rows with their CSV line, column and reason (partial mode writes the good ones)', async () => {
    const f = write('orders-bad.csv', [
      ORDER_HEADER,
      'o10,s1,u1,paid,search,organic,,3990,0,0,3990,2026-11-02T02:00:00Z,2026-11-02T02:05:00Z,o10-pay,full,3990,2026-11-02T02:05:00Z,1,k1,1,3990,0',
      'o11,s2,u1,paid,search,organic,,15890,0,0,15890,2026-11-02T03:00:00Z,2026-11-02T03:01:00Z,o11-pay,full,15890,2026-11-02T03:01:00Z,1,k2,1,5990,0',
      'o11,s2,u1,paid,search,organic,,15890,0,0,15890,2026-11-02T03:00:00Z,2026-11-02T03:01:00Z,o11-pay,full,15890,2026-11-02T03:01:00Z,2,k9,1,9900,0',
      'o12,s1,u1,paid,search,organic,,3990,0,0,3990,2026-11-02T04:00:00Z,2026-11-02T04:05:00Z,o12-pay,full,3990,2026-11-02T04:05:00Z,1,k1,one,3990,0',
      'o13,s1,u1,paid,search,organic,,3990,0,0,4000,2026-11-02T05:00:00Z,2026-11-02T05:05:00Z,o13-pay,full,4000,2026-11-02T05:05:00Z,1,k1,1,3990,0',
      'o14,s1,u1,paid,search,organic,,3990,0,0,3990,2026-11-02T06:00:00Z,2026-11-02T06:05:00Z,o14-pay,full,3990,2026-11-02T06:05:00Z,1,k1,1,3990,0',
      'o14,s1,u2,paid,search,organic,,3990,0,0,3990,2026-11-02T06:00:00Z,2026-11-02T06:05:00Z,o14-pay,full,3990,2026-11-02T06:05:00Z,2,k1,1,3990,0',
    ]);
    const r = await imp('orders', f, { atomic: false });
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ records: 5, created: 1, rejected: 4, notWritten: 0 });
    const problems = r.summary!.problems;
    // o11's second line names an unknown SKU: the row of that line (line 4), its column.
    expect(problems).toContainEqual({ line: 4, id: 'o11', field: 'lines.skuId', reason: 'unknown sku k9' });
    // o12: a cell that is not an integer, caught before the service is called.
    expect(problems).toContainEqual({
      line: 5,
      id: 'o12',
      field: 'lines.quantity',
      reason: '"one" is not an integer',
    });
    // o13: amounts that don't add up, on the order's first row.
    expect(problems.find((p) => p.id === 'o13')).toMatchObject({ line: 6, field: 'payAmount' });
    // o14: an order-level column that differs between the rows of one order.
    expect(problems.find((p) => p.id === 'o14')).toMatchObject({ line: 8, field: 'consumerId' });
    expect(r.text).toMatch(/line 4 \(o11\): lines\.skuId: unknown sku k9/);
    expect((await q(`SELECT id FROM orders WHERE id LIKE 'o1_' ORDER BY id`)).map((x) => x.id)).toEqual([
      'o10',
    ]);
  });

  it('in atomic mode a batch with a bad record writes nothing', async () => {
    const f = write('orders-atomic.csv', [
      ORDER_HEADER,
      'o20,s1,u1,paid,search,organic,,3990,0,0,3990,2026-11-03T02:00:00Z,2026-11-03T02:05:00Z,o20-pay,full,3990,2026-11-03T02:05:00Z,1,k1,1,3990,0',
      'o21,s1,u9,paid,search,organic,,3990,0,0,3990,2026-11-03T03:00:00Z,2026-11-03T03:05:00Z,o21-pay,full,3990,2026-11-03T03:05:00Z,1,k1,1,3990,0',
      'o22,s1,u1,paid,search,organic,,3990,0,0,3990,2026-11-03T04:00:00Z,2026-11-03T04:05:00Z,o22-pay,full,3990,2026-11-03T04:05:00Z,1,k1,1,3990,0',
    ]);
    const r = await imp('orders', f, { atomic: true, batch: 2 });
    expect(r.code).toBe(1);
    // Batch 1 (o20, o21) is refused whole; batch 2 (o22) is written.
    expect(r.summary).toMatchObject({ created: 1, rejected: 1, notWritten: 1 });
    expect(r.summary!.problems).toEqual([
      { line: 3, id: 'o21', field: 'consumerId', reason: 'unknown consumer u9' },
    ]);
    expect((await q(`SELECT id FROM orders WHERE id LIKE 'o2_' ORDER BY id`)).map((x) => x.id)).toEqual([
      'o22',
    ]);
  });

  it('imports events and counts duplicates as unchanged', async () => {
    const f = write('events.csv', [
      'id,type,occurredAt,userId,productId,storeId,scene,channel,query,durationMs',
      'ev1,exposure,2026-11-01T02:00:00Z,u1,p1,s1,feed,organic,,',
      'ev2,search,2026-11-01T02:01:00Z,u1,,,search,,"almonds, salted",',
      'ev3,view,2026-11-01T02:02:00Z,u1,p1,s1,detail,,,12000',
      'ev4,click,2026-11-01T02:03:00Z,u2,,,feed,,,',
    ]);
    const r = await imp('events', f, { atomic: false });
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ created: 3, unchanged: 0, rejected: 1 });
    expect(r.summary!.problems).toEqual([
      { line: 5, id: 'ev4', field: 'productId', reason: 'is required for click events' },
    ]);
    expect((await q(`SELECT query FROM events WHERE id = 'ev2'`))[0].query).toBe('almonds, salted');
    const again = await imp('events', f, { atomic: false });
    expect(again.summary).toMatchObject({ created: 0, unchanged: 3, rejected: 1 });
  });

  it('refuses unknown kinds, missing files and headers that do not fit (exit code 2)', async () => {
    expect((await imp('widgets', path.join(dir, 'orders.csv'))).code).toBe(2);
    expect((await imp('orders', path.join(dir, 'nope.csv'))).code).toBe(2);
    const bad = await imp('brands', write('brands-bad.csv', ['id,name,colour', 'b9,Nine,red']));
    expect(bad.code).toBe(2);
    expect(bad.text).toContain('column "colour": records have no field colour');
    const missing = await imp('brands', write('brands-missing.csv', ['id', 'b9']));
    expect(missing.code).toBe(2);
    expect(missing.text).toContain('missing column name');
    expect((await imp('brands', write('empty.csv', ['']))).code).toBe(2);
  });

  it('reports rows with the wrong number of cells and keeps going', async () => {
    const r = await imp('brands', write('brands-short.csv', ['id,name', 'b2,Two', 'b3', 'b4,Four']), {
      atomic: false,
    });
    expect(r.code).toBe(1);
    expect(r.summary).toMatchObject({ created: 2, rejected: 1 });
    expect(r.summary!.problems[0]).toMatchObject({ line: 3, field: '(row)' });
  });
});
