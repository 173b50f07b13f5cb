import { applyBp, splitByWeights } from '../../../core/money.ts';
import { type Applied, evaluate } from './evaluate.ts';
import { firstThreshold } from './rules.ts';
import type { Problem, Source } from './problem.ts';
import type { SearchResult } from './search.ts';
import type {
  Allocation,
  AppliedSource,
  Fen,
  Layer,
  NotUsed,
  PathStep,
  PointsPolicy,
  Quote,
  QuotedLine,
  SourceType,
} from './types.ts';

interface PartShare {
  layer: Layer;
  type: SourceType;
  id: string;
  name: string;
  kind: string;
  bp: number;
  templateId?: string;
  amount: Fen;
}

/** Points are the last layer: as many as the policy allows, allocated over parts by what they still owe. */
function pointsShares(remaining: number[], points: number, policy: PointsPolicy | undefined) {
  const due = remaining.reduce((a, b) => a + b, 0);
  if (!policy || points <= 0 || due <= 0) return { value: 0, used: 0, shares: remaining.map(() => 0) };
  const value = Math.min(Math.floor((points * 100) / policy.pointsPerYuan), applyBp(due, policy.capBp));
  const used = Math.ceil((value * policy.pointsPerYuan) / 100);
  return { value, used, shares: value > 0 ? splitByWeights(value, remaining) : remaining.map(() => 0) };
}

function layerOf(P: Problem, si: number): Layer {
  const l = P.sources[si]!.layer;
  return l === 'coupon' ? 'coupon' : l;
}

function explainUnused(P: Problem, choice: Int32Array, applied: Applied[]): NotUsed[] {
  const out: NotUsed[] = [];
  const appliedSet = new Set(applied.map((a) => a.source));
  const byPart = P.parts.map(() => [] as Source[]);
  for (const a of applied) for (const p of a.parts) byPart[p]!.push(P.sources[a.source]!);
  const onPart = (p: number) => byPart[p]!;
  P.sources.forEach((s, si) => {
    if (appliedSet.has(si)) return;
    const base = { sourceType: s.type, id: s.id, name: s.name } as const;
    // Whatever sits on its eligible parts and conflicts with it explains most cases.
    for (const p of s.eligible) {
      const there = onPart(p);
      const grouped = s.group !== undefined ? there.find((o) => o.group === s.group) : undefined;
      if (grouped) {
        out.push({
          ...base,
          reason: 'excluded_by_group',
          detail: `shares exclusion group "${s.group}" with ${grouped.name}`,
          by: grouped.id,
        });
        return;
      }
      const solo =
        there.find((o) => !o.stackable) ?? (!s.stackable && there.length > 0 ? there[0] : undefined);
      if (solo) {
        out.push({
          ...base,
          reason: 'not_stackable',
          detail: `cannot be combined with ${solo.name}`,
          by: solo.id,
        });
        return;
      }
    }
    if (s.type === 'coupon') {
      for (let v = P.thresholdVars; v < P.vars.length; v++) {
        const c = choice[v]!;
        if (c >= 0 && P.slots[P.vars[v]!.slot]!.cover.has(si) && appliedSet.has(c)) {
          const other = P.sources[c]!;
          out.push({
            ...base,
            reason: 'slot_taken',
            detail: `${other.name} saves more in the same place`,
            by: other.id,
          });
          return;
        }
      }
    } else {
      let other: Source | undefined;
      for (const p of s.eligible) {
        other = byPart[p]!.find((o) => o.layer === s.layer);
        if (other) break;
      }
      if (other) {
        out.push({
          ...base,
          reason: 'better_price',
          detail: `its items do better with ${other.name}`,
          by: other.id,
        });
        return;
      }
      const t = firstThreshold(s.offer!.rule);
      const basis = s.eligible.reduce((a, p) => a + P.parts[p]!.basis, 0);
      if (t.unit === 'fen' && basis < t.min) {
        out.push({
          ...base,
          reason: 'threshold_short',
          detail: `threshold short by ${t.min - basis} fen`,
          shortBy: t.min - basis,
        });
        return;
      }
    }
    out.push({ ...base, reason: 'better_price', detail: 'the best combination does better without it' });
  });
  return out;
}

/** Turns the chosen assignment into the quote: lines with their price paths, allocations, reasons. */
export function explain(P: Problem, r: SearchResult, points: number, policy?: PointsPolicy): Quote {
  const st = evaluate(P, r.choice, true);
  const applied = st.applied!;
  const pts = pointsShares(st.rem, points, policy);

  // Per part, every share in layer order: item, store, cross, coupons, points.
  const shares: PartShare[][] = P.parts.map((p) => {
    const line = P.lines[p.line]!;
    const itemOff = (line.unitPrice - p.unitBasis) * p.qty;
    if (!p.offer || itemOff <= 0) return [];
    return [
      {
        layer: 'item',
        type: 'offer',
        id: p.offer.id,
        name: p.offer.name,
        kind: p.offer.kind,
        bp: p.offer.platformFundedBp ?? 0,
        amount: itemOff,
      },
    ];
  });
  for (const a of applied) {
    const s = P.sources[a.source]!;
    a.parts.forEach((p, k) => {
      if (a.amounts[k]! > 0)
        shares[p]!.push({
          layer: layerOf(P, a.source),
          type: s.type,
          id: s.id,
          name: s.name,
          kind: s.offer?.kind ?? s.coupon!.terms.kind,
          bp: s.platformFundedBp,
          templateId: s.coupon?.terms.templateId,
          amount: a.amounts[k]!,
        });
    });
  }
  pts.shares.forEach((amount, p) => {
    if (amount > 0)
      shares[p]!.push({
        layer: 'points',
        type: 'points',
        id: 'points',
        name: 'Points',
        kind: 'points',
        bp: 10_000,
        amount,
      });
  });

  const lines: QuotedLine[] = P.lines.map((l) => ({
    lineId: l.lineId,
    skuId: l.skuId,
    storeId: l.storeId,
    merchantId: l.merchantId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    amount: l.unitPrice * l.quantity,
    discount: 0,
    paid: 0,
    parts: [],
    path: [],
  }));
  const allocations: Allocation[] = [];
  const appliedById = new Map<string, AppliedSource>();
  const perLine = new Map<string, { step: PathStep; alloc: Allocation }>();
  P.parts.forEach((p, pi) => {
    const line = lines[p.line]!;
    const listAmount = line.unitPrice * p.qty;
    let discount = 0;
    const partSources: { sourceType: SourceType; sourceId: string; amount: Fen }[] = [];
    for (const s of shares[pi]!) {
      discount += s.amount;
      partSources.push({ sourceType: s.type, sourceId: s.id, amount: s.amount });
      const key = `${s.type}:${s.id}`;
      const lineKey = `${p.line}|${key}`;
      const seen = perLine.get(lineKey);
      if (seen) {
        seen.step.amount += s.amount;
        seen.alloc.amount += s.amount;
        seen.alloc.platformFunded = applyBp(seen.alloc.amount, s.bp);
        seen.alloc.merchantFunded = seen.alloc.amount - seen.alloc.platformFunded;
      } else {
        const step: PathStep = {
          layer: s.layer,
          sourceType: s.type,
          sourceId: s.id,
          name: s.name,
          amount: s.amount,
          after: 0,
        };
        const platform = applyBp(s.amount, s.bp);
        const alloc: Allocation = {
          lineId: line.lineId,
          sourceType: s.type,
          sourceId: s.id,
          layer: s.layer,
          amount: s.amount,
          platformFunded: platform,
          merchantFunded: s.amount - platform,
          merchantId: line.merchantId,
        };
        line.path.push(step);
        allocations.push(alloc);
        perLine.set(lineKey, { step, alloc });
      }
      const ap = appliedById.get(key) ?? {
        sourceType: s.type,
        id: s.id,
        kind: s.kind,
        name: s.name,
        layer: s.layer,
        saving: 0,
        platformFunded: 0,
        merchantFunded: 0,
        ...(s.templateId ? { templateId: s.templateId } : {}),
      };
      ap.saving += s.amount;
      appliedById.set(key, ap);
    }
    line.discount += discount;
    line.paid += listAmount - discount;
    line.parts.push({
      quantity: p.qty,
      unitPrice: p.unitBasis,
      ...(p.offer ? { itemOfferId: p.offer.id } : {}),
      paid: listAmount - discount,
      sources: partSources,
    });
    const presale = p.offer?.presale;
    if (presale) {
      const deposit = Math.min(presale.depositPerUnit * p.qty, listAmount - discount);
      const cur = line.presale ?? {
        deposit: 0,
        balance: 0,
        balanceStartsAt: presale.balanceStartsAt,
        balanceEndsAt: presale.balanceEndsAt,
      };
      cur.deposit += deposit;
      cur.balance += listAmount - discount - deposit;
      line.presale = cur;
    }
  });
  for (const line of lines) {
    const order: Layer[] = ['item', 'store', 'cross', 'coupon', 'points'];
    line.path.sort((a, b) => order.indexOf(a.layer) - order.indexOf(b.layer));
    let after = line.amount;
    for (const step of line.path as PathStep[]) {
      after -= step.amount;
      step.after = after;
    }
  }
  for (const a of allocations) {
    const ap = appliedById.get(`${a.sourceType}:${a.sourceId}`)!;
    ap.platformFunded += a.platformFunded;
    ap.merchantFunded += a.merchantFunded;
  }
  for (const a of applied) {
    const s = P.sources[a.source]!;
    const ap = appliedById.get(`${s.type}:${s.id}`);
    if (ap) ap.basis = a.basis;
  }

  const stores = new Map<string, { storeId: string; amount: Fen; discount: Fen; paid: Fen }>();
  for (const l of lines) {
    const s = stores.get(l.storeId) ?? { storeId: l.storeId, amount: 0, discount: 0, paid: 0 };
    s.amount += l.amount;
    s.discount += l.discount;
    s.paid += l.paid;
    stores.set(l.storeId, s);
  }
  const payAmount = lines.reduce((a, l) => a + l.paid, 0);
  const baselinePts = pointsShares(r.baselineRem, points, policy);
  const itemDiscount = P.itemsAmount - P.basisTotal;
  return {
    exact: r.exact,
    method: r.exact ? 'branch_and_bound' : 'heuristic',
    ...(r.exact
      ? {}
      : {
          methodNote: `search budget of ${r.nodes - 1} nodes exhausted: the best combination found so far is returned (never worse than applying offers one by one in priority order)`,
        }),
    searchNodes: r.nodes,
    itemsAmount: P.itemsAmount,
    discountAmount: P.itemsAmount - payAmount,
    pointsUsed: pts.used,
    pointsValue: pts.value,
    payAmount,
    stores: [...stores.values()],
    lines,
    applied: [...appliedById.values()],
    notUsed: [...P.notUsed, ...explainUnused(P, r.choice, applied)],
    allocations,
    baselinePayAmount: P.itemsAmount - itemDiscount - r.baselineDiscount - baselinePts.value,
  };
}
