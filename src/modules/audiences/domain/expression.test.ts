import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Bitmap } from '../bitmap.ts';
import { type Expr, evaluate, type Leaf, leafKey, leavesOf, MAX_LEAVES, validateExpr } from './expression.ts';

const TAGS = ['a:1', 'a:2', 'b:1', 'b:2', 'c:x'];

/** Random expressions over a few tags (depth ≤ 4). */
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...TAGS).map((tag) => ({ tag })),
    fc.record({
      op: fc.constantFrom('and' as const, 'or' as const),
      args: fc.array(tie('e'), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({ op: fc.constant('not' as const), arg: tie('e') }),
  ),
})).e;

/** The same semantics over plain sets. */
function oracle(e: Expr, sets: Map<string, Set<number>>, universe: Set<number>): Set<number> {
  if ('op' in e) {
    if (e.op === 'not') {
      const x = oracle(e.arg, sets, universe);
      return new Set([...universe].filter((u) => !x.has(u)));
    }
    const parts = e.args.map((a) => oracle(a, sets, universe));
    if (e.op === 'or') return new Set(parts.flatMap((p) => [...p]));
    return new Set([...parts[0]!].filter((u) => parts.every((p) => p.has(u))));
  }
  return sets.get((e as { tag: string }).tag)!;
}

describe('evaluate', () => {
  test('agrees with a Set oracle on random expressions and random tag sets', () => {
    fc.assert(
      fc.property(
        exprArb,
        fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 80 }), {
          minLength: TAGS.length,
          maxLength: TAGS.length,
        }),
        fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 150 }),
        (e, members, extra) => {
          const sets = new Map(TAGS.map((t, i) => [t, new Set(members[i])]));
          // The universe holds every tagged user and some untagged ones.
          const universe = new Set([...members.flat(), ...extra]);
          const bitmaps = new Map(TAGS.map((t) => [t, Bitmap.from(sets.get(t)!)]));
          const before = TAGS.map((t) => bitmaps.get(t)!.size);
          const got = evaluate(e, (l) => bitmaps.get((l as { tag: string }).tag)!, Bitmap.from(universe));
          expect([...got].sort((a, b) => a - b)).toEqual(
            [...oracle(e, sets, universe)].sort((a, b) => a - b),
          );
          // Leaves are never changed, and the result is never one of them.
          expect(TAGS.map((t) => bitmaps.get(t)!.size)).toEqual(before);
          for (const b of bitmaps.values()) expect(got).not.toBe(b);
        },
      ),
      { numRuns: 400 },
    );
  });

  test('AND of sets of any size with a NOT inside subtracts it and leaves the leaves alone', () => {
    const calls: string[] = [];
    const big = Bitmap.from(Array.from({ length: 1000 }, (_, i) => i));
    const bms: Record<string, Bitmap> = {
      'x:big': big,
      'x:empty': new Bitmap(),
      'x:small': Bitmap.of(1, 2, 3),
    };
    const r = evaluate(
      { op: 'and', args: [{ tag: 'x:big' }, { tag: 'x:small' }, { op: 'not', arg: { tag: 'x:empty' } }] },
      (l) => {
        calls.push((l as { tag: string }).tag);
        return bms[(l as { tag: string }).tag]!;
      },
      big,
    );
    expect([...r]).toEqual([1, 2, 3]);
    expect(big.size).toBe(1000);
    expect(calls).toEqual(['x:big', 'x:small', 'x:empty']);
  });

  test('a bare leaf comes back as a copy', () => {
    const b = Bitmap.of(5, 6);
    const r = evaluate({ tag: 'a:1' }, () => b, Bitmap.of(5, 6, 7));
    r.add(99);
    expect(b.has(99)).toBe(false);
    const r2 = evaluate({ op: 'or', args: [{ tag: 'a:1' }] }, () => b, Bitmap.of(5, 6, 7));
    expect(r2).not.toBe(b);
  });
});

describe('validateExpr', () => {
  test('a valid expression of every leaf kind has no issues', () => {
    const e = {
      op: 'and',
      args: [
        { tag: 'price_sensitivity:high' },
        { event: { type: 'view', category: 'c1', min: 2, days: 30 } },
        { op: 'not', arg: { tier: { store: 's1', tier: 'customers' } } },
        { op: 'or', args: [{ audience: 'aud_1' }, { lookalike: { audience: 'aud_2', size: 1000 } }] },
      ],
    };
    expect(validateExpr(e)).toEqual([]);
    expect(leavesOf(e as Expr).map((l) => l.path)).toEqual([
      'expression.args[0]',
      'expression.args[1]',
      'expression.args[2].arg',
      'expression.args[3].args[0]',
      'expression.args[3].args[1]',
    ]);
  });

  test('names each problem by its field path', () => {
    const issues = validateExpr(
      {
        op: 'and',
        args: [
          { tag: 'age:18-24' },
          { tag: 'nope:1' },
          { event: { type: 'teleport', min: 0, days: 181, extra: 1 } },
          { tier: { store: 's1', tier: 'friends' } },
          { op: 'xor', args: [] },
          { op: 'or', args: [] },
          { tag: 'a:1', audience: 'x' },
          { lookalike: { audience: 'a', size: 0 } },
        ],
      },
      { isKnownTag: (k) => k !== 'nope:1' },
    );
    const fields = issues.map((i) => i.field);
    expect(fields).toEqual([
      'expression.args[1].tag',
      'expression.args[2].event.extra',
      'expression.args[2].event.type',
      'expression.args[2].event.min',
      'expression.args[2].event.days',
      'expression.args[3].tier.tier',
      'expression.args[4].op',
      'expression.args[5].args',
      'expression.args[6]',
      'expression.args[7].lookalike.size',
    ]);
    expect(issues[0]!.code).toBe('unknown_tag');
  });

  test('limits depth and leaves', () => {
    let deep: unknown = { tag: 'a:1' };
    for (let i = 0; i < 8; i++) deep = { op: 'not', arg: deep };
    expect(validateExpr(deep).map((i) => i.code)).toEqual(['too_deep']);
    const wide = { op: 'or', args: Array.from({ length: MAX_LEAVES + 1 }, () => ({ tag: 'a:1' })) };
    expect(validateExpr(wide).map((i) => i.code)).toEqual(['too_many_leaves']);
    expect(
      validateExpr({ op: 'or', args: Array.from({ length: MAX_LEAVES }, () => ({ tag: 'a:1' })) }),
    ).toEqual([]);
    expect(validateExpr(null)[0]!.field).toBe('expression');
    // Open values (regions, names) may hold spaces and any script; control characters are refused.
    expect(validateExpr({ tag: 'region:Inner Mongolia' })).toEqual([]);
    expect(validateExpr({ tag: 'region:内蒙古' })).toEqual([]);
    expect(validateExpr({ tag: 'region:a\nb' })[0]!.code).toBe('invalid_tag');
    expect(validateExpr('a:1')[0]!.code).toBe('not_an_object');
  });

  test('leafKey is independent of key order', () => {
    const a: Leaf = { event: { type: 'view', min: 1, days: 7, store: 's' } };
    const b = { event: { store: 's', days: 7, min: 1, type: 'view' } } as Leaf;
    expect(leafKey(a)).toBe(leafKey(b));
  });
});
