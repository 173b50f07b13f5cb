/**
 * Operator fee policies: versioned rows with a validity window, conditions (merchant type, scene, channel) and
 * rates by category. For one order line the active policies of a kind whose conditions all hold are tried by
 * priority (highest first, then the latest start); the first with a rate for the line's category path (leaf,
 * then ancestors) or a default rate decides. Nothing matching → the settings' rate.
 */
export interface FeePolicy {
  id: string;
  version: number;
  kind: 'transaction' | 'service';
  defaultBp: number | null;
  categoryBp: Record<string, number>;
  merchantTypes: string[] | null;
  scenes: string[] | null;
  channels: string[] | null;
  priority: number;
  startsAt: number;
  endsAt: number | null;
  status: 'active' | 'ended';
}

export interface FeeQuery {
  kind: FeePolicy['kind'];
  at: number;
  merchantType: string;
  scene: string;
  channel: string;
  /** The line's category first, then its ancestors. */
  categoryPath: readonly string[];
}

const holds = (list: string[] | null, v: string) => !list?.length || list.includes(v);

export function applicable(p: FeePolicy, q: FeeQuery): boolean {
  return (
    p.kind === q.kind &&
    p.status === 'active' &&
    p.startsAt <= q.at &&
    (p.endsAt === null || q.at < p.endsAt) &&
    holds(p.merchantTypes, q.merchantType) &&
    holds(p.scenes, q.scene) &&
    holds(p.channels, q.channel)
  );
}

/** Policies in the order they are tried (callers may sort once and reuse). */
export function byPrecedence(policies: readonly FeePolicy[]): FeePolicy[] {
  return [...policies].sort(
    (a, b) =>
      b.priority - a.priority || b.startsAt - a.startsAt || b.version - a.version || (a.id < b.id ? -1 : 1),
  );
}

export function feeRate(
  sorted: readonly FeePolicy[],
  q: FeeQuery,
  fallbackBp: number,
): { bp: number; policyId: string | null } {
  for (const p of sorted) {
    if (!applicable(p, q)) continue;
    for (const c of q.categoryPath) {
      const bp = p.categoryBp[c];
      if (bp !== undefined) return { bp, policyId: p.id };
    }
    if (p.defaultBp !== null) return { bp: p.defaultBp, policyId: p.id };
  }
  return { bp: fallbackBp, policyId: null };
}
