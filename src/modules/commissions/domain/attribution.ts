import type { PartyRef } from './types.ts';

/**
 * Who an order is attributed to. Precedence (first that applies wins):
 *   1. an explicit share code on the order → the party of that link;
 *   2. the party the integrator set on the order: creator_id (the live host when the order was placed in a live
 *      session), else promoter_id;
 *   3. the consumer's last click on a share link within the window before payment.
 * Same-store when the link (or clicked link) names the order's store or no store; cross-store otherwise.
 */
export interface AttributionOrder {
  storeId: string;
  creatorId: string | null;
  promoterId: string | null;
  liveSessionId: string | null;
  shareCode: string | null;
  /** Business instant of the order (payment), ms since epoch. */
  at: number;
}

export interface LinkFacts {
  partyType: string;
  partyId: string;
  storeId: string | null;
}

export interface ClickFacts extends LinkFacts {
  clickedAt: number;
}

export type AttributionSource = 'share_code' | 'live_host' | 'order_party' | 'last_click';

export interface Attribution {
  party: PartyRef;
  source: AttributionSource;
  crossStore: boolean;
  clickAt: number | null;
}

const isParty = (t: string): t is PartyRef['type'] => t === 'creator' || t === 'promoter';
const crossStore = (linkStore: string | null, orderStore: string) =>
  linkStore !== null && linkStore !== orderStore;

export function attribute(
  o: AttributionOrder,
  link: LinkFacts | undefined,
  clicks: readonly ClickFacts[],
  windowDays: number,
): Attribution | null {
  if (link && isParty(link.partyType))
    return {
      party: { type: link.partyType, id: link.partyId },
      source: 'share_code',
      crossStore: crossStore(link.storeId, o.storeId),
      clickAt: null,
    };
  if (o.creatorId)
    return {
      party: { type: 'creator', id: o.creatorId },
      source: o.liveSessionId ? 'live_host' : 'order_party',
      crossStore: false,
      clickAt: null,
    };
  if (o.promoterId)
    return {
      party: { type: 'promoter', id: o.promoterId },
      source: 'order_party',
      crossStore: false,
      clickAt: null,
    };
  const from = o.at - windowDays * 86_400_000;
  let last: ClickFacts | null = null;
  for (const c of clicks)
    if (
      isParty(c.partyType) &&
      c.clickedAt <= o.at &&
      c.clickedAt >= from &&
      (!last || c.clickedAt > last.clickedAt)
    )
      last = c;
  if (!last) return null;
  return {
    party: { type: last.partyType as PartyRef['type'], id: last.partyId },
    source: 'last_click',
    crossStore: crossStore(last.storeId, o.storeId),
    clickAt: last.clickedAt,
  };
}
