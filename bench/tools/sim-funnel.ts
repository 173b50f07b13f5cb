/**
 * The simulator's funnel without a database: runs the generator (pure domain code) for a scale and window and
 * prints what the demo's console and a later traffic analysis would see: events by type, orders, product views
 * per order, exposure click-through (on the users whose exposures are logged), and daily store conversion
 * (distinct paying buyers ÷ distinct visitors of a merchant's stores per business day, as the merchant overview
 * computes it), plus the generator's own CPU time.
 * `--consumers N` samples a scale's users (the rest of its world unchanged) and extrapolates the order count to
 * the scale's full population: a 30-day large-scale estimate in minutes instead of hours. `--demand X`
 * overrides the scale's demand multiplier (to calibrate it).
 * Usage: npx tsx bench/tools/sim-funnel.ts [--scale small] [--days 30] [--seed 42] [--end-day 2026-11-22] [--consumers N]
 */
import { parseArgs } from 'node:util';
import { dayResolver } from '../../src/core/time.ts';
import type { schemas } from '../../src/modules/marketplace/index.ts';
import { createWorld, generate } from '../../src/modules/simulator/domain/generator.ts';
import { type Scale, SCALES } from '../../src/modules/simulator/domain/params.ts';

const { values: v } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    days: { type: 'string', default: '30' },
    seed: { type: 'string', default: '42' },
    'end-day': { type: 'string', default: '2026-11-22' },
    tz: { type: 'string', default: 'Asia/Shanghai' },
    consumers: { type: 'string' },
    demand: { type: 'string' },
  },
});
const tz = v.tz!;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { world, seeds } = createWorld({
  seed: Number(v.seed),
  scale: v.scale as Scale,
  days: Number(v.days),
  endDay: v['end-day']!,
  timeZone: tz,
  overrides: {
    ...(v.consumers ? { consumers: Number(v.consumers) } : {}),
    ...(v.demand ? { demand: Number(v.demand) } : {}),
  },
});
const fullUsers = SCALES[v.scale as Scale].consumers;
const merchantOfStore = new Map(world.stores.map((s) => [s.id, world.merchants[s.merchant]!.id]));
const dayOf = dayResolver(tz);
const byType: Record<string, number> = {};
let productExposures = 0;
let panelClicks = 0;
const panelUsers = new Set<string>();
const visitors = new Map<string, Set<string>>(); // merchant|day -> users
const buyers = new Map<string, Set<string>>();
const paid = new Map<string, schemas.Order>();
const created = new Set<string>();
const checkouts = new Set<string>();
const clicksByUser = new Map<string, number>();
for (const c of generate(world, seeds)) {
  if (c.kind === 'events') {
    for (const e of c.events) {
      byType[e.type] = (byType[e.type] ?? 0) + 1;
      if (e.type === 'exposure' && e.productId) {
        productExposures++;
        panelUsers.add(e.userId!);
      }
      if (e.type === 'click') clicksByUser.set(e.userId!, (clicksByUser.get(e.userId!) ?? 0) + 1);
      if (e.type !== 'exposure' && e.userId && e.storeId) {
        const k = `${merchantOfStore.get(e.storeId)}|${dayOf(e.occurredAt)}`;
        const s = visitors.get(k) ?? new Set<string>();
        visitors.set(k, s);
        s.add(e.userId);
      }
    }
  } else if (c.kind === 'day') {
    for (const o of c.out.orders) {
      if (!created.has(o.id)) {
        created.add(o.id);
        checkouts.add(o.parentId ?? o.id);
      }
      if (o.paidAt && !paid.has(o.id)) paid.set(o.id, o);
    }
  }
}
const genMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
for (const u of panelUsers) panelClicks += clicksByUser.get(u) ?? 0;
for (const o of paid.values()) {
  const k = `${merchantOfStore.get(o.storeId)}|${dayOf(o.paidAt!)}`;
  const s = buyers.get(k) ?? new Set<string>();
  buyers.set(k, s);
  s.add(o.consumerId);
}
const orders = created.size;
const views = byType.view ?? 0;
let sumB = 0;
let sumV = 0;
const ratios: number[] = [];
const demo: number[] = [];
for (const [k, vs] of visitors) {
  const b = buyers.get(k)?.size ?? 0;
  sumB += b;
  sumV += vs.size;
  if (vs.size >= 30) ratios.push(b / vs.size);
  if (k.startsWith('m000|')) demo.push(b / vs.size);
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : Number.NaN;
};
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const total = Object.values(byType).reduce((a, b) => a + b, 0);
console.log(
  `world: ${world.users.count} users, ${world.stores.length} stores, ${world.products.count} products`,
);
console.log(
  `generator: ${(genMs / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`,
);
console.log(
  `events: ${total} (${Object.entries(byType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')})`,
);
console.log(`store orders created: ${orders} (${checkouts.size} checkouts), paid: ${paid.size}`);
if (world.users.count !== fullUsers)
  console.log(
    `extrapolated to the scale's ${fullUsers} users: ≈${Math.round((orders * fullUsers) / world.users.count)} store orders`,
  );
console.log(
  `product views per store order: ${(views / orders).toFixed(1)}; per checkout: ${(views / checkouts.size).toFixed(1)}`,
);
console.log(
  `exposure CTR (clicks ÷ product exposures of the ${panelUsers.size} users whose exposures are logged): ${pct(panelClicks / productExposures)}`,
);
console.log(
  `daily store conversion (paying buyers ÷ visitors per merchant-day): pooled ${pct(sumB / sumV)}, median of merchant-days with ≥ 30 visitors ${pct(median(ratios))} (${ratios.length}), demo merchant m000 median ${pct(median(demo))}`,
);
