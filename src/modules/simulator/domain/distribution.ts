import type { Seeds } from './rng.ts';
import { DAY_MS, iso, productId, type World } from './world.ts';

/**
 * The demo marketplace's distribution (分销): which merchants pay creators and promoters for sales, at what
 * rates, the platform's fee policies, and the share links parties make. Pure: a function of the world and
 * the seed, like the promotion book.
 *
 * - ≈75% of merchants run an open plan over all their products at a rate typical of their main category
 *   (4–20%, the category's own base ± 2 points), ≈15% of their products at 2–8 points more; the plan started
 *   before the window and has no end.
 * - The demo merchant runs an open plan (15%, presale 20%), an exclusive plan for the demo creator on three
 *   products (25%) with a campaign boost (招商, +5 points) over the window's last week, and a targeted plan for
 *   the demo promoter (18%) on two other products.
 * - Fee policies (operator): a transaction fee by category (2–6% of the merchant's sales, 5% by default), and
 *   since the window's sixth day a reduced 1% on POP merchants' live-stream orders (seed 000).
 * - Share links: the demo creator and the 30 creators with the most followers link up to three products of their
 *   selection, the demo promoter and 20 other promoters three of the deals they share (the demo promoter its
 *   targeted products first), always products some plan open to them covers.
 */

export interface PlanSpec {
  /** Merchant index (the plan is created by that merchant). */
  merchant: number;
  body: {
    id: string;
    kind: 'open' | 'targeted' | 'exclusive';
    name: string;
    defaultRateBp: number;
    presaleRateBp?: number;
    startsAt: string;
    products?: { productId: string; rateBp?: number }[];
    parties?: { type: 'creator' | 'promoter'; id: string }[];
    boosts?: { id: string; name: string; extraBp: number; startsAt: string; endsAt: string }[];
  };
}

export interface PolicySpec {
  id: string;
  name: string;
  kind: 'transaction' | 'service';
  defaultBp?: number;
  categoryBp?: Record<string, number>;
  merchantTypes?: ('self' | 'pop')[];
  scenes?: 'live'[];
  priority?: number;
  startsAt: string;
}

export interface LinkSpec {
  party: { type: 'creator' | 'promoter'; id: string };
  productId: string;
  /** Product index (for clicks: which orders the link could have brought). */
  product: number;
  subId?: string;
}

export interface DistributionBook {
  plans: PlanSpec[];
  policies: PolicySpec[];
  links: LinkSpec[];
}

export const DIST = {
  openPlanShare: 0.75,
  productBoostShare: 0.15,
  linkingCreators: 30,
  linkingPromoters: 20,
  linksPerParty: 3,
};

const bp = (pct: number) => Math.round(pct * 100);

/** Products covered by some open plan, by merchant (so links are only made where a plan allows them). */
function openMerchants(plans: PlanSpec[]): Set<number> {
  return new Set(plans.filter((p) => p.body.kind === 'open').map((p) => p.merchant));
}

export function buildDistributionBook(w: World, seeds: Seeds): DistributionBook {
  const started = iso(w.windowStart - 90 * DAY_MS);
  // Category bases: a rate per L1 category between 4% and 20% (beauty pays more than digital, in the world's draw).
  const catBase = w.l1.map((_, i) => 4 + seeds.rng('dist-category', i).int(17));
  const plans: PlanSpec[] = [];
  const demoM = w.stores[w.demo.store]!.merchant;
  const demoProducts = Array.from(w.stores[w.demo.store]!.products);

  w.merchants.forEach((m, mi) => {
    const r = seeds.rng('dist-merchant', mi);
    const isDemo = mi === demoM;
    if (!isDemo && !r.chance(DIST.openPlanShare)) return;
    const main = w.stores[m.stores[0]!]?.mainL1 ?? 0;
    const rate = isDemo ? 15 : Math.max(2, catBase[main]! - 2 + r.int(5));
    const products: { productId: string; rateBp: number }[] = [];
    for (const s of m.stores)
      for (const p of w.stores[s]!.products)
        if (seeds.rng('dist-product', p).chance(DIST.productBoostShare))
          products.push({ productId: productId(w, p), rateBp: bp(rate + 2 + r.int(7)) });
    plans.push({
      merchant: mi,
      body: {
        id: `sim-plan-${m.id}-open`,
        kind: 'open',
        name: `${m.name} 公开推广 ${rate}%`,
        defaultRateBp: bp(rate),
        ...(isDemo ? { presaleRateBp: bp(20) } : {}),
        startsAt: started,
      },
    });
    // Per-product rates: a second open plan over exactly those products (the best rate wins per product).
    if (products.length)
      plans.push({
        merchant: mi,
        body: {
          id: `sim-plan-${m.id}-featured`,
          kind: 'open',
          name: `${m.name} 主推商品`,
          defaultRateBp: bp(rate),
          startsAt: started,
          products,
        },
      });
  });

  const demoCreator = w.creators[w.demo.creator]!;
  const demoPromoter = w.promoters[w.demo.promoter]!;
  const exclusive = demoProducts.slice(0, 3);
  const targeted = demoProducts.slice(3, 5);
  const lastWeek = Math.max(w.windowStart, w.windowEnd - 7 * DAY_MS);
  const demoMerchant = w.merchants[demoM]!;
  plans.push({
    merchant: demoM,
    body: {
      id: `sim-plan-${demoMerchant.id}-exclusive`,
      kind: 'exclusive',
      name: `${demoMerchant.name} × ${demoCreator.name} 专属`,
      defaultRateBp: bp(25),
      startsAt: started,
      products: exclusive.map((p) => ({ productId: productId(w, p) })),
      parties: [{ type: 'creator', id: demoCreator.id }],
      boosts: [
        {
          id: `sim-boost-${demoMerchant.id}-week`,
          name: '招商加佣 +5%',
          extraBp: bp(5),
          startsAt: iso(lastWeek),
          endsAt: iso(w.windowEnd + 7 * DAY_MS),
        },
      ],
    },
  });
  if (targeted.length)
    plans.push({
      merchant: demoM,
      body: {
        id: `sim-plan-${demoMerchant.id}-group`,
        kind: 'targeted',
        name: `${demoMerchant.name} 团长定向`,
        defaultRateBp: bp(18),
        startsAt: started,
        products: targeted.map((p) => ({ productId: productId(w, p) })),
        parties: [{ type: 'promoter', id: demoPromoter.id }],
      },
    });

  const policies: PolicySpec[] = [
    {
      id: 'sim-fee-category',
      name: '类目技术服务费 Category transaction fee',
      kind: 'transaction',
      defaultBp: 500,
      categoryBp: Object.fromEntries(w.l1.map((l, i) => [l.id, 200 + 100 * seeds.rng('dist-fee', i).int(5)])),
      startsAt: started,
    },
    {
      id: 'sim-fee-pop-live',
      name: 'POP 直播订单 1% POP live orders',
      kind: 'transaction',
      defaultBp: 100,
      merchantTypes: ['pop'],
      scenes: ['live'],
      priority: 10,
      startsAt: iso(w.dayStart[Math.min(5, w.days.length - 1)]!),
    },
  ];

  // Share links: parties link products a plan open to them covers.
  const open = openMerchants(plans);
  const links: LinkSpec[] = [];
  const P = w.products;
  const covered = (p: number) => open.has(w.stores[P.store[p]!]!.merchant);
  const byFollowers = [...w.creators].sort((a, b) => b.followers - a.followers || a.idx - b.idx);
  const creators = [demoCreator, ...byFollowers.filter((c) => c.idx !== demoCreator.idx)].slice(
    0,
    DIST.linkingCreators + 1,
  );
  for (const c of creators) {
    const own = c.idx === demoCreator.idx ? exclusive : [];
    const picks = [...own, ...Array.from(c.selection).filter(covered)].slice(0, DIST.linksPerParty);
    for (const p of picks)
      links.push({ party: { type: 'creator', id: c.id }, productId: productId(w, p), product: p });
  }
  const promoters = [demoPromoter, ...w.promoters.filter((p) => p.idx !== demoPromoter.idx)].slice(
    0,
    DIST.linkingPromoters + 1,
  );
  for (const pr of promoters) {
    // Promoters link the deals they share in their groups (the demo promoter its targeted products first).
    const own = pr.idx === demoPromoter.idx ? targeted : [];
    const picks = [...new Set([...own, ...Array.from(pr.deals).filter(covered)])].slice(
      0,
      DIST.linksPerParty,
    );
    picks.forEach((p, k) => {
      links.push({
        party: { type: 'promoter', id: pr.id },
        productId: productId(w, p),
        product: p,
        subId: `group-${1 + (k % 2)}`,
      });
    });
  }
  return { plans, policies, links };
}
