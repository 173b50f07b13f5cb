import type { FieldIssue } from '../../../core/errors.ts';
import { Bitmap } from '../bitmap.ts';

/**
 * Audience expressions: boolean combinations (AND, OR, NOT, nested) of leaves — catalog tags, behaviour
 * conditions, store relationship tiers, other saved audiences and lookalikes. Pure: validation of the shape and
 * evaluation over bitmaps the caller resolved; no I/O.
 */

export const EVENT_LEAF_TYPES = [
  'view',
  'click',
  'cart',
  'favorite',
  'share',
  'live_enter',
  'order',
] as const;
export type EventLeafType = (typeof EVENT_LEAF_TYPES)[number];
export const TIERS = ['customers', 'intent', 'potential', 'competitor', 'visitors', 'prospects'] as const;
export type Tier = (typeof TIERS)[number];

export const MAX_DEPTH = 8;
export const MAX_LEAVES = 64;
export const MAX_LOOKALIKE = 10_000_000;

export interface TagLeaf {
  tag: string;
}
export interface EventLeaf {
  event: {
    type: EventLeafType;
    category?: string;
    brand?: string;
    store?: string;
    min: number;
    days: number;
  };
}
export interface TierLeaf {
  tier: { store: string; tier: Tier };
}
export interface AudienceLeaf {
  audience: string;
}
export interface LookalikeLeaf {
  lookalike: { audience: string; size: number };
}
export type Leaf = TagLeaf | EventLeaf | TierLeaf | AudienceLeaf | LookalikeLeaf;
export type Expr = { op: 'and' | 'or'; args: Expr[] } | { op: 'not'; arg: Expr } | Leaf;

export type LeafKind = 'tag' | 'event' | 'tier' | 'audience' | 'lookalike';
export const leafKind = (l: Leaf): LeafKind =>
  'tag' in l
    ? 'tag'
    : 'event' in l
      ? 'event'
      : 'tier' in l
        ? 'tier'
        : 'audience' in l
          ? 'audience'
          : 'lookalike';

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, lo: number, hi: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

export interface ValidateOptions {
  /** Known catalog keys; when given, an unknown tag is an issue at its `.tag` field. */
  isKnownTag?: (key: string) => boolean;
  /** Path prefix of the expression in the request body. */
  path?: string;
}

/**
 * Every problem with an expression's shape, each at its field path (`expression.args[1].tag`): operators and
 * their arguments, leaf fields and ranges, depth ≤ 8 and ≤ 64 leaves. An empty list means it can be evaluated.
 */
export function validateExpr(e: unknown, opts: ValidateOptions = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let leaves = 0;
  const at = (field: string, reason: string, code?: string) =>
    issues.push(code ? { field, reason, code } : { field, reason });
  const only = (o: Record<string, unknown>, path: string, allowed: string[]) => {
    for (const k of Object.keys(o))
      if (!allowed.includes(k)) at(`${path}.${k}`, 'unknown field', 'unknown_field');
  };
  const id = (v: unknown, path: string) => {
    if (typeof v !== 'string' || !ID.test(v))
      at(path, 'must be an id (1–64 letters, digits, _ . : -)', 'invalid_id');
  };

  const walk = (x: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      at(path, `nesting deeper than ${MAX_DEPTH} levels`, 'too_deep');
      return;
    }
    if (!isObj(x)) {
      at(path, 'must be an object (an operator or a leaf)', 'not_an_object');
      return;
    }
    if ('op' in x) {
      if (x.op === 'and' || x.op === 'or') {
        only(x, path, ['op', 'args']);
        if (!Array.isArray(x.args) || x.args.length === 0) {
          at(`${path}.args`, `must be a list of at least one expression`, 'empty_args');
          return;
        }
        x.args.forEach((a, i) => {
          walk(a, `${path}.args[${i}]`, depth + 1);
        });
      } else if (x.op === 'not') {
        only(x, path, ['op', 'arg']);
        if (!('arg' in x)) at(`${path}.arg`, 'is required', 'required');
        else walk(x.arg, `${path}.arg`, depth + 1);
      } else at(`${path}.op`, "must be 'and', 'or' or 'not'", 'unknown_op');
      return;
    }
    const kinds = ['tag', 'event', 'tier', 'audience', 'lookalike'].filter((k) => k in x);
    if (kinds.length !== 1) {
      at(
        path,
        kinds.length
          ? `names several leaf kinds (${kinds.join(', ')}); use one per leaf`
          : 'must have op, tag, event, tier, audience or lookalike',
        'unknown_node',
      );
      return;
    }
    leaves++;
    const k = kinds[0]!;
    only(x, path, [k]);
    const p = `${path}.${k}`;
    const v = x[k];
    if (k === 'tag') {
      if (typeof v !== 'string' || !/^[a-z_]+:.{1,100}$/.test(v) || hasControl(v))
        at(p, 'must be a catalog tag key <group>:<value>', 'invalid_tag');
      else if (opts.isKnownTag && !opts.isKnownTag(v)) at(p, `unknown tag ${v}`, 'unknown_tag');
    } else if (k === 'audience') id(v, p);
    else if (!isObj(v)) at(p, 'must be an object', 'not_an_object');
    else if (k === 'event') {
      only(v, p, ['type', 'category', 'brand', 'store', 'min', 'days']);
      if (!EVENT_LEAF_TYPES.includes(v.type as EventLeafType))
        at(`${p}.type`, `must be one of ${EVENT_LEAF_TYPES.join(', ')}`, 'invalid_event_type');
      for (const f of ['category', 'brand', 'store'] as const) if (f in v) id(v[f], `${p}.${f}`);
      if (!isInt(v.min, 1, 1000)) at(`${p}.min`, 'must be an integer 1..1000', 'out_of_range');
      if (!isInt(v.days, 1, 180)) at(`${p}.days`, 'must be an integer 1..180', 'out_of_range');
    } else if (k === 'tier') {
      only(v, p, ['store', 'tier']);
      id(v.store, `${p}.store`);
      if (!TIERS.includes(v.tier as Tier))
        at(`${p}.tier`, `must be one of ${TIERS.join(', ')}`, 'invalid_tier');
    } else {
      only(v, p, ['audience', 'size']);
      id(v.audience, `${p}.audience`);
      if (!isInt(v.size, 1, MAX_LOOKALIKE))
        at(`${p}.size`, `must be an integer 1..${MAX_LOOKALIKE}`, 'out_of_range');
    }
  };
  const root = opts.path ?? 'expression';
  walk(e, root, 1);
  if (leaves > MAX_LEAVES) at(root, `has ${leaves} leaves; at most ${MAX_LEAVES}`, 'too_many_leaves');
  return issues;
}

/** A leaf's canonical text (keys sorted): equal leaves share a cache entry and a resolution. */
export function leafKey(l: Leaf): string {
  const sort = (v: unknown): unknown =>
    isObj(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sort(v[k])]),
        )
      : v;
  return JSON.stringify(sort(l));
}

/** The leaves of an expression with their paths, in document order (duplicates kept). */
export function leavesOf(e: Expr, path = 'expression'): { leaf: Leaf; path: string }[] {
  const out: { leaf: Leaf; path: string }[] = [];
  const walk = (x: Expr, p: string) => {
    if ('op' in x) {
      if (x.op === 'not') walk(x.arg, `${p}.arg`);
      else
        x.args.forEach((a, i) => {
          walk(a, `${p}.args[${i}]`);
        });
    } else out.push({ leaf: x, path: p });
  };
  walk(e, path);
  return out;
}

/**
 * The users an expression selects. NOT is the universe minus its argument; AND starts from its smallest
 * argument and intersects upwards (stopping once empty), and subtracts NOT arguments instead of
 * complementing them; OR is one union. Leaves are resolved by the caller (`resolve` must not return a bitmap
 * it will mutate later: results are fresh bitmaps, leaves are never changed).
 */
export function evaluate(e: Expr, resolve: (leaf: Leaf) => Bitmap, universe: Bitmap): Bitmap {
  const shared = new Set<Bitmap>();
  const ev = (x: Expr): Bitmap => {
    if (!('op' in x)) {
      const b = resolve(x);
      shared.add(b);
      return b;
    }
    if (x.op === 'not') return Bitmap.andNot(universe, ev(x.arg));
    if (x.op === 'or') return x.args.length === 1 ? ev(x.args[0]!) : Bitmap.orMany(x.args.map(ev));
    const pos: Bitmap[] = [];
    const neg: Expr[] = [];
    for (const a of x.args) {
      if ('op' in a && a.op === 'not') neg.push(a.arg);
      else pos.push(ev(a));
    }
    pos.sort((a, b) => a.size - b.size);
    let acc: Bitmap;
    if (!pos.length) acc = universe.clone();
    else {
      acc = pos[0]!.clone();
      for (let i = 1; i < pos.length && acc.size > 0; i++) acc.andInPlace(pos[i]!);
    }
    for (const n of neg) {
      if (acc.size === 0) break;
      acc.andNotInPlace(ev(n));
    }
    return acc;
  };
  const r = ev(e);
  // A bare leaf (or a one-argument OR of one) comes back as the resolver's own bitmap: hand out a copy.
  return shared.has(r) ? r.clone() : r;
}
