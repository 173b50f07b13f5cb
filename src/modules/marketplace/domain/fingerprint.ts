/** What an order was created with, in one comparable string: lines, source, checkout and presale terms. */
export interface OrderTerms {
  lines: { lineNo: number; skuId: string; quantity: number; unitPrice: number; discount: number }[];
  source: {
    scene: string;
    channel: string;
    liveSessionId?: string | null;
    creatorId?: string | null;
    promoterId?: string | null;
    shareCode?: string | null;
    campaignId?: string | null;
    adId?: string | null;
  };
  parentId?: string | null;
  presale?: { depositAmount: number; balanceAmount: number } | null;
}

export function termsFingerprint(t: OrderTerms): string {
  const lines = [...t.lines]
    .sort((a, b) => a.lineNo - b.lineNo)
    .map((l) => [l.lineNo, l.skuId, l.quantity, l.unitPrice, l.discount]);
  const s = t.source;
  const presale = t.presale ? [t.presale.depositAmount, t.presale.balanceAmount] : null;
  return JSON.stringify([
    lines,
    s.scene,
    s.channel,
    s.liveSessionId ?? null,
    s.creatorId ?? null,
    s.promoterId ?? null,
    s.shareCode ?? null,
    s.campaignId ?? null,
    s.adId ?? null,
    t.parentId ?? null,
    presale,
  ]);
}
