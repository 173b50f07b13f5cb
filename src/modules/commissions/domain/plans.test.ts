import { describe, expect, test } from 'vitest';
import { exclusiveConflicts, type PlanFacts, type RateQuery, rateFor, validatePlan } from './plans.ts';

const T = '2026-11-10T00:00:00.000Z';
const H = 3600_000;
const iso = (hours: number) => new Date(Date.parse(T) + hours * H).toISOString();

function plan(over: Partial<PlanFacts> = {}): PlanFacts {
  return {
    id: 'pl-open',
    merchantId: 'm1',
    name: 'open plan',
    kind: 'open',
    defaultRateBp: 1000,
    presaleRateBp: null,
    couponTemplateId: null,
    startsAt: iso(-24),
    endsAt: null,
    status: 'active',
    products: [],
    parties: [],
    boosts: [],
    ...over,
  };
}
const q = (over: Partial<RateQuery> = {}): RateQuery => ({
  productId: 'p1',
  merchantId: 'm1',
  party: { type: 'creator', id: 'cr1' },
  at: T,
  presale: false,
  ...over,
});
const exclusive = (over: Partial<PlanFacts> = {}) =>
  plan({
    id: 'pl-ex',
    kind: 'exclusive',
    defaultRateBp: 500,
    parties: [{ type: 'creator', id: 'cr1' }],
    ...over,
  });

describe('rateFor', () => {
  test('an open plan applies to any creator or promoter at its default rate', () => {
    expect(rateFor([plan()], q())).toEqual({ planId: 'pl-open', rateBp: 1000, boostBp: 0 });
    expect(rateFor([plan()], q({ party: { type: 'promoter', id: 'pr9' } }))?.rateBp).toBe(1000);
  });

  test('no plan, another merchant, or a product outside the plan: null', () => {
    expect(rateFor([], q())).toBeNull();
    expect(rateFor([plan()], q({ merchantId: 'm2' }))).toBeNull();
    const listed = plan({ products: [{ productId: 'p2', rateBp: 2000 }] });
    expect(rateFor([listed], q())).toBeNull();
  });

  test('a per-product rate overrides the default', () => {
    const p = plan({
      products: [
        { productId: 'p1', rateBp: 2500 },
        { productId: 'p2', rateBp: 300 },
      ],
    });
    expect(rateFor([p], q())?.rateBp).toBe(2500);
    expect(rateFor([p], q({ productId: 'p2' }))?.rateBp).toBe(300);
  });

  test('an exclusive plan for the party wins over a higher open rate', () => {
    const plans = [plan({ defaultRateBp: 3000 }), exclusive()];
    expect(rateFor(plans, q())).toEqual({ planId: 'pl-ex', rateBp: 500, boostBp: 0 });
    // Another creator is not listed on the exclusive plan and gets the open one.
    expect(rateFor(plans, q({ party: { type: 'creator', id: 'cr2' } }))?.planId).toBe('pl-open');
  });

  test('targeted plans apply only to listed parties and compete with open plans on rate', () => {
    const targeted = plan({
      id: 'pl-t',
      kind: 'targeted',
      defaultRateBp: 2000,
      parties: [{ type: 'promoter', id: 'pr1' }],
    });
    const plans = [plan(), targeted];
    expect(rateFor(plans, q({ party: { type: 'promoter', id: 'pr1' } }))?.planId).toBe('pl-t');
    expect(rateFor(plans, q({ party: { type: 'promoter', id: 'pr2' } }))?.planId).toBe('pl-open');
    // The same id as another party type is not the listed party.
    expect(rateFor([targeted], q({ party: { type: 'creator', id: 'pr1' } }))).toBeNull();
    const low = { ...targeted, defaultRateBp: 200 };
    expect(rateFor([plan(), low], q({ party: { type: 'promoter', id: 'pr1' } }))?.planId).toBe('pl-open');
  });

  test('presale orders use the presale rate when set, over the product rate', () => {
    const p = plan({ presaleRateBp: 1800, products: [{ productId: 'p1', rateBp: 1200 }] });
    expect(rateFor([p], q({ presale: true }))?.rateBp).toBe(1800);
    expect(rateFor([p], q({ presale: false }))?.rateBp).toBe(1200);
    expect(rateFor([plan()], q({ presale: true }))?.rateBp).toBe(1000);
    // A presale rate does not widen the plan to products it does not cover.
    expect(rateFor([p], q({ productId: 'p9', presale: true }))).toBeNull();
  });

  test('boosts active at the instant stack; the total is capped at 9000 bp', () => {
    const boosts = [
      { id: 'b1', name: '11.11', extraBp: 500, startsAt: iso(-1), endsAt: iso(1) },
      { id: 'b2', name: 'category week', extraBp: 300, startsAt: iso(-2), endsAt: iso(2) },
      { id: 'b3', name: 'later', extraBp: 4000, startsAt: iso(5), endsAt: iso(6) },
    ];
    const p = plan({ boosts });
    expect(rateFor([p], q())).toEqual({ planId: 'pl-open', rateBp: 1800, boostBp: 800 });
    expect(rateFor([p], q({ at: iso(1.5) }))).toEqual({ planId: 'pl-open', rateBp: 1300, boostBp: 300 });
    // A boost's end is exclusive.
    expect(rateFor([p], q({ at: iso(2) }))?.boostBp).toBe(0);
    const high = plan({ defaultRateBp: 8500, boosts });
    expect(rateFor([high], q())).toEqual({ planId: 'pl-open', rateBp: 9000, boostBp: 500 });
    expect(rateFor([plan({ defaultRateBp: 9000, boosts })], q())).toEqual({
      planId: 'pl-open',
      rateBp: 9000,
      boostBp: 0,
    });
  });

  test('boosts count in choosing the best plan', () => {
    const a = plan({ id: 'a', defaultRateBp: 1500 });
    const b = plan({
      id: 'b',
      defaultRateBp: 1000,
      boosts: [{ id: 'x', name: 'x', extraBp: 1000, startsAt: iso(-1), endsAt: iso(1) }],
    });
    expect(rateFor([a, b], q())?.planId).toBe('b');
    expect(rateFor([a, b], q({ at: iso(3) }))?.planId).toBe('a');
  });

  test('time windows: start inclusive, end exclusive, open-ended plans run on', () => {
    const p = plan({ startsAt: iso(0), endsAt: iso(10) });
    expect(rateFor([p], q({ at: iso(-0.001) }))).toBeNull();
    expect(rateFor([p], q({ at: iso(0) }))?.planId).toBe('pl-open');
    expect(rateFor([p], q({ at: iso(9.99) }))?.planId).toBe('pl-open');
    expect(rateFor([p], q({ at: iso(10) }))).toBeNull();
    expect(rateFor([plan()], q({ at: iso(24 * 365) }))?.planId).toBe('pl-open');
  });

  test('paused and ended plans are ignored, even exclusive ones', () => {
    expect(rateFor([plan({ status: 'paused' })], q())).toBeNull();
    expect(rateFor([plan({ status: 'ended' })], q())).toBeNull();
    expect(rateFor([plan(), exclusive({ status: 'paused' })], q())?.planId).toBe('pl-open');
  });

  test('ties go to the earliest start, then the lowest id, whatever the order', () => {
    const a = plan({ id: 'z', startsAt: iso(-48) });
    const b = plan({ id: 'a', startsAt: iso(-24) });
    const c = plan({ id: 'b', startsAt: iso(-24) });
    expect(rateFor([b, c, a], q())?.planId).toBe('z');
    expect(rateFor([c, b], q())?.planId).toBe('a');
    expect(rateFor([b, c], q())?.planId).toBe('a');
  });
});

describe('validatePlan', () => {
  const fields = (p: PlanFacts) => validatePlan(p).map((i) => i.field);

  test('a sound plan has no issues', () => {
    expect(validatePlan(plan())).toEqual([]);
    expect(validatePlan(exclusive({ products: [{ productId: 'p1', rateBp: 0 }] }))).toEqual([]);
  });

  test('rates out of range name their field', () => {
    const p = plan({
      defaultRateBp: 9001,
      presaleRateBp: -1,
      products: [{ productId: 'p1', rateBp: 12000 }],
      boosts: [{ id: 'b', name: 'b', extraBp: 0, startsAt: iso(0), endsAt: iso(1) }],
    });
    expect(fields(p)).toEqual(['defaultRateBp', 'presaleRateBp', 'products.0.rateBp', 'boosts.0.extraBp']);
    expect(validatePlan(p)[0]!.reason).toContain('from 0 to 9000');
  });

  test('an end before the start, parties on the wrong kind, duplicates, boosts outside the window', () => {
    expect(fields(plan({ startsAt: iso(5), endsAt: iso(5) }))).toEqual(['endsAt']);
    expect(fields(plan({ kind: 'targeted' }))).toEqual(['parties']);
    expect(fields(plan({ parties: [{ type: 'creator', id: 'cr1' }] }))).toEqual(['parties']);
    expect(
      fields(
        exclusive({
          parties: [
            { type: 'creator', id: 'cr1' },
            { type: 'creator', id: 'cr1' },
          ],
          products: [
            { productId: 'p1', rateBp: 1 },
            { productId: 'p1', rateBp: 2 },
          ],
        }),
      ),
    ).toEqual(['products.1.productId', 'parties.1']);
    const boost = { id: 'b', name: 'b', extraBp: 100, startsAt: iso(-100), endsAt: iso(1) };
    expect(fields(plan({ boosts: [boost] }))).toEqual(['boosts.0.startsAt']);
    expect(fields(plan({ boosts: [{ ...boost, startsAt: iso(2) }] }))).toEqual(['boosts.0.endsAt']);
    expect(fields(plan({ couponTemplateId: 'tpl1' }))).toEqual(['couponTemplateId']);
  });
});

describe('exclusiveConflicts', () => {
  const other = exclusive({
    id: 'pl-old',
    startsAt: iso(0),
    endsAt: iso(48),
    products: [{ productId: 'p1', rateBp: 1 }],
  });

  test('same party, product and overlapping time: refused on the party', () => {
    const d = exclusive({ startsAt: iso(24), endsAt: null, products: [{ productId: 'p1', rateBp: 700 }] });
    const issues = exclusiveConflicts(d, [other]);
    expect(issues).toEqual([
      { field: 'parties.0', reason: expect.stringContaining('exclusive plan pl-old') },
    ]);
    // A plan without products covers them all, and so clashes with any product of the other.
    expect(exclusiveConflicts(exclusive({ startsAt: iso(24) }), [other])).toHaveLength(1);
  });

  test('no clash: other products, other parties, windows that touch, ended or non-exclusive plans, itself', () => {
    const d = exclusive({ startsAt: iso(24), products: [{ productId: 'p2', rateBp: 700 }] });
    expect(exclusiveConflicts(d, [other])).toEqual([]);
    const cr2 = exclusive({ startsAt: iso(24), parties: [{ type: 'creator', id: 'cr2' }] });
    expect(exclusiveConflicts(cr2, [other])).toEqual([]);
    expect(exclusiveConflicts(exclusive({ startsAt: iso(48) }), [other])).toEqual([]);
    expect(exclusiveConflicts(exclusive(), [{ ...other, status: 'ended' }])).toEqual([]);
    expect(exclusiveConflicts(exclusive(), [{ ...other, kind: 'targeted' }])).toEqual([]);
    expect(exclusiveConflicts(exclusive({ id: 'pl-old' }), [other])).toEqual([]);
    expect(exclusiveConflicts(plan({ kind: 'targeted', parties: other.parties }), [other])).toEqual([]);
  });
});
