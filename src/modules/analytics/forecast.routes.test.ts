import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessDay, shiftDay } from '../../core/time.ts';
import { loadCatalog } from '../../../test/fixtures.ts';
import { type TestApp, testApp } from '../../../test/harness.ts';
import { campaignOf, dayNumber, weekdayOf } from './domain/calendar.ts';
import type { Forecast } from './types.ts';

const WEEK = [0.8, 0.9, 1.0, 1.0, 1.1, 1.3, 0.9]; // Monday first

let t: TestApp;
let today: string;
let yesterday: string;
const keys: Record<string, string> = {};
/** s1's inserted GMV by day. */
const s1 = new Map<string, number>();

const get = (token: string, q: string) => t.req(token, { method: 'GET', url: `/v1/analytics/forecast?${q}` });

beforeAll(async () => {
  t = await testApp();
  await loadCatalog((url, body) => t.req(t.keys.operator!, { method: 'POST', url, payload: body as object }));
  keys.m1 = await t.key('merchant', 'm1');
  keys.m2 = await t.key('merchant', 'm2');
  keys.cr1 = await t.key('creator', 'cr1');
  keys.cr2 = await t.key('creator', 'cr2');
  keys.promoter = await t.key('promoter', 'pr1');
  today = businessDay(Date.now(), t.ctx.cfg.timeZone);
  yesterday = shiftDay(today, -1);
  const db = t.ctx.db.kysely;
  // 120 days of s1 (merchant m1) ending yesterday: weekday pattern, ×3 on campaign days, a little noise; and a
  // partial "today" that must not count.
  const rows: { store_id: string; day: string; merchant_id: string; gmv: number }[] = [];
  for (let i = 119; i >= 0; i--) {
    const day = shiftDay(yesterday, -i);
    const wd = weekdayOf(dayNumber(day));
    const gmv = Math.round(100_000 * WEEK[wd]! * (campaignOf(day) ? 3 : 1) * (1 + 0.05 * Math.sin(i * 1.7)));
    s1.set(day, gmv);
    rows.push({ store_id: 's1', day, merchant_id: 'm1', gmv });
  }
  rows.push({ store_id: 's1', day: today, merchant_id: 'm1', gmv: 999_999_999 });
  await db.insertInto('an_store_day').values(rows).execute();
  // Creator cr1: only 5 days.
  await db
    .insertInto('an_creator_day')
    .values(
      [1, 2, 3, 4, 5].map((i) => ({ creator_id: 'cr1', day: shiftDay(yesterday, -i + 1), gmv: 1000 * i })),
    )
    .execute();
  // Category c111 (level 3) for 10 days: a level-1 forecast sums its descendants.
  await db
    .insertInto('an_category_day')
    .values(
      Array.from({ length: 10 }, (_, i) => ({
        category_id: 'c111',
        day: shiftDay(yesterday, -i),
        gmv: 500 + i,
      })),
    )
    .execute();
});

afterAll(async () => {
  await t.close();
});

describe('GET /v1/analytics/forecast', () => {
  it('forecasts a merchant with intervals, the guard and next week', async () => {
    const r = await get(keys.m1!, 'subject=merchant&id=m1');
    expect(r.status).toBe(200);
    const f = r.body as Forecast;
    expect(f.subject).toBe('merchant');
    expect(f.metric).toBe('gmv');
    expect(f.forecast).toHaveLength(14);
    // History ends yesterday (today is partial) and matches the rollup rows.
    expect(f.history.at(-1)).toEqual({ day: yesterday, value: s1.get(yesterday) });
    expect(f.history).toHaveLength(91);
    expect(f.forecast[0]!.day).toBe(today);
    for (const p of f.forecast) {
      expect(p.lo95).toBeLessThanOrEqual(p.lo80);
      expect(p.lo80).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.hi80);
      expect(p.hi80).toBeLessThanOrEqual(p.hi95);
      expect(p.campaign).toBe(campaignOf(p.day));
    }
    expect(f.backtest).toMatchObject({ origins: 8, horizon: 14 });
    expect(f.guard.used).toBe(f.model);
    expect(f.guard.modelMase).toBe(f.backtest.mase);
    // The pattern is clean weekly: the model wins the guard and recovers the weekday factors.
    expect(f.model).toBe('seasonal');
    expect(f.guard.modelMase!).toBeLessThan(f.guard.naiveMase!);
    expect(f.guard.reason).toMatch(/below seasonal naive/);
    for (const [d, x] of f.weekdayFactors.entries()) expect(Math.abs(x - WEEK[d]!)).toBeLessThan(0.1);
    // Double 11 was in the 120 days: its own uplift ≈ 3; 618 was not (and the marketplace has no 618 either).
    const d11 = f.campaignUplift.find((c) => c.name === 'double11')!;
    expect(Math.abs(d11.uplift! - 3)).toBeLessThan(0.5);
    expect(f.campaignUplift.find((c) => c.name === '618')!.uplift).toBeNull();
    let prev = 0;
    for (let i = 0; i < 7; i++) prev += s1.get(shiftDay(yesterday, -i))!;
    expect(f.nextWeek.previousWeek).toBe(prev);
    const week = f.forecast.slice(0, 7).reduce((s, p) => s + p.value, 0);
    expect(Math.abs(f.nextWeek.value - week)).toBeLessThanOrEqual(7);
    expect(f.nextWeek.lo80).toBeLessThanOrEqual(f.nextWeek.value);
    expect(f.nextWeek.hi80).toBeGreaterThanOrEqual(f.nextWeek.value);
    expect(Math.abs(f.nextWeek.value - prev) / prev).toBeLessThan(0.2);
  });

  it('lets a merchant read its stores, creators themselves, operators everything; others get 403', async () => {
    expect((await get(keys.m1!, 'subject=store&id=s1&horizon=3')).body.forecast).toHaveLength(3);
    expect((await get(t.keys.integration!, 'subject=store&id=s1')).status).toBe(200);
    for (const [key, q] of [
      [keys.m2, 'subject=merchant&id=m1'],
      [keys.m2, 'subject=store&id=s1'],
      [keys.m1, 'subject=creator&id=cr1'],
      [keys.m1, 'subject=category&id=c1'],
      [keys.cr2, 'subject=creator&id=cr1'],
      [keys.cr1, 'subject=merchant&id=m1'],
      [keys.promoter, 'subject=merchant&id=m1'],
    ] as const) {
      const r = await get(key!, q);
      expect(r.status, `${q}`).toBe(403);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    expect((await get(t.keys.operator!, 'subject=merchant&id=nobody')).status).toBe(404);
  });

  it('answers short histories with the mean or seasonal naive and says so', async () => {
    const c = await get(keys.cr1!, 'subject=creator&id=cr1&horizon=7');
    expect(c.status).toBe(200);
    expect(c.body.model).toBe('seasonal_naive');
    expect(c.body.guard.reason).toMatch(/only 5 days/);
    expect(c.body.forecast.map((p: { value: number }) => p.value)).toEqual(Array(7).fill(3000));
    expect(c.body.backtest.origins).toBe(0);

    const cat = await get(t.keys.operator!, 'subject=category&id=c1&horizon=7');
    expect(cat.status).toBe(200);
    expect(cat.body.history.at(-1)).toEqual({ day: yesterday, value: 500 });
    expect(cat.body.guard.reason).toMatch(/only 10 days.*seasonal naive/);
    // Seasonal naive: day k repeats the value 7 days before it.
    expect(cat.body.forecast[0].value).toBe(cat.body.history.at(-7).value);

    // No sales at all: zeros, not an error.
    const m2 = await get(keys.m2!, 'subject=merchant&id=m2');
    expect(m2.status).toBe(200);
    expect(m2.body.forecast.every((p: { value: number }) => p.value === 0)).toBe(true);
    expect(m2.body.guard.reason).toMatch(/no sales/);
  });

  // Schema violations are 400 problem+json across the API (src/core/errors.ts), with the field named.
  it('rejects bad input with a problem+json naming the field', async () => {
    for (const q of [
      'subject=merchant&id=m1&horizon=0',
      'subject=merchant&id=m1&horizon=29',
      'subject=planet&id=m1',
      'subject=merchant',
      'subject=merchant&id=m1&extra=1',
      'subject=merchant&id=bad%20id',
    ]) {
      const r = await get(t.keys.operator!, q);
      expect(r.status, q).toBe(400);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body.errors?.length, q).toBeGreaterThan(0);
    }
  });
});

describe('POST /v1/analytics/forecast/backtest', () => {
  it('backtests every merchant (operators only)', async () => {
    const r = await t.req(t.keys.operator!, {
      method: 'POST',
      url: '/v1/analytics/forecast/backtest',
      payload: {},
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ series: 1, evaluated: 1, to: yesterday, origins: 8, horizon: 7 });
    expect(r.body.meanMase).toBeLessThan(r.body.meanNaiveMase);
    expect(r.body.shareBeatingNaive).toBe(1);
    const m = await t.req(keys.m1!, { method: 'POST', url: '/v1/analytics/forecast/backtest', payload: {} });
    expect(m.status).toBe(403);
  });
});
