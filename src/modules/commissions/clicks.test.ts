import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openTestDatabase } from '../../core/db.ts';
import { migrate } from '../../core/migrate.ts';
import { type ClickRow, clickWriter } from './clicks.repo.ts';
import { recordClick } from './clicks.service.ts';

let db: Database;
let statements = 0;
// Counts the statements the writer sends (a Kysely plugin sees every query of its instance).
const counter: KyselyPlugin = {
  transformQuery: (a) => {
    statements++;
    return a.node;
  },
  transformResult: async (a) => a.result,
};
const row = (i: number, over: Partial<ClickRow> = {}): ClickRow => ({
  linkId: 'lnk-1',
  code: 'abcdefgh',
  partyType: 'creator',
  partyId: 'cr1',
  subId: null,
  consumerId: `u${i}`,
  productId: 'p1',
  storeId: 's1',
  clickedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i)),
  uaHash: null,
  ipHash: null,
  ...over,
});
const stored = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM share_clicks`.execute(db.kysely)).rows[0]!.n;

beforeAll(async () => {
  db = await openTestDatabase();
  await migrate(db);
});
afterAll(() => db.close());

describe('click writer', () => {
  test('concurrent clicks share one INSERT and each caller resolves once its row is stored', async () => {
    const write = clickWriter(db.kysely.withPlugin(counter));
    statements = 0;
    await Promise.all(Array.from({ length: 30 }, (_, i) => write(row(i))));
    expect(statements).toBe(1);
    expect(await stored()).toBe(30);
    // Clicks that arrive while a batch is being written go in the next one.
    statements = 0;
    const first = write(row(100));
    await new Promise((r) => setImmediate(r));
    await Promise.all([first, write(row(101)), write(row(102))]);
    expect(statements).toBe(2);
    expect(await stored()).toBe(33);
  });

  test('a failing batch rejects every caller in it (nothing is reported written that was not) and the writer goes on', async () => {
    const write = clickWriter(db.kysely);
    const before = await stored();
    const bad = await Promise.allSettled([write(row(1)), write(row(2, { linkId: null as never }))]);
    expect(bad.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await stored()).toBe(before);
    await write(row(3));
    expect(await stored()).toBe(before + 1);
  });
});

describe('recordClick', () => {
  test('resolves the code to its link, stores the click with the link facts, and returns the target', async () => {
    await sql`INSERT INTO share_links (id, code, party_type, party_id, product_id, store_id, sub_id, target_url)
      VALUES ('lnk-r', 'rrrrrrrr', 'promoter', 'pr1', 'p9', 's9', 'grp', 'https://shop.example.com/item/p9')`.execute(
      db.kysely,
    );
    const at = new Date('2026-11-02T03:04:05.000Z');
    const target = await recordClick(db.kysely, {
      code: 'rrrrrrrr',
      consumerId: 'u7',
      ip: '10.0.0.1',
      userAgent: 'UA',
      at,
    });
    expect(target).toBe('https://shop.example.com/item/p9');
    const r = await sql<
      Record<string, unknown>
    >`SELECT link_id, party_type, party_id, sub_id, consumer_id, product_id,
        store_id, clicked_at, ip_hash FROM share_clicks WHERE code = 'rrrrrrrr'`.execute(db.kysely);
    expect(r.rows).toEqual([
      {
        link_id: 'lnk-r',
        party_type: 'promoter',
        party_id: 'pr1',
        sub_id: 'grp',
        consumer_id: 'u7',
        product_id: 'p9',
        store_id: 's9',
        clicked_at: at,
        ip_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
      },
    ]);
    await expect(
      recordClick(db.kysely, { code: 'zzzzzzzz', consumerId: null, ip: undefined, userAgent: undefined, at }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
