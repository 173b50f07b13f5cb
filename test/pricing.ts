/** Builders for pricing API tests: offers and templates live now (relative to the clock), orders from quotes. */
export const DAY = 86_400_000;
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
export const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Store s1 (merchant m1): 满50减5, 满70减10. */
export const storeOffer = (o: Record<string, unknown> = {}) => ({
  name: 'Hill Foods autumn 满减',
  kind: 'store_threshold',
  merchantId: 'm1',
  scope: { storeIds: ['s1'] },
  startsAt: ago(DAY),
  endsAt: ahead(7 * DAY),
  rule: {
    type: 'amount_tiers',
    tiers: [
      { min: 5000, off: 500 },
      { min: 7000, off: 1000 },
    ],
  },
  ...o,
});

/** A ¥10-off-¥60 store coupon of s1, 7 days after claim. */
export const storeTemplate = (o: Record<string, unknown> = {}) => ({
  name: '¥10 off ¥60',
  kind: 'store',
  merchantId: 'm1',
  scope: { storeIds: ['s1'] },
  rule: { type: 'amount', min: 6000, off: 1000 },
  totalQuantity: 100,
  perUserLimit: 1,
  claimStartsAt: ago(DAY),
  claimEndsAt: ahead(7 * DAY),
  validity: { days: 7 },
  ...o,
});

interface QuotedLine {
  skuId: string;
  storeId: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  paid: number;
  amount: number;
}

/** The marketplace order record for one store's share of a quote, as the host would send it. */
export function orderFromQuote(
  id: string,
  quote: { quoteId: string; lines: QuotedLine[] },
  storeId: string,
  consumerId: string,
  extra: Record<string, unknown> = {},
) {
  const lines = quote.lines.filter((l) => l.storeId === storeId);
  const sum = (f: (l: QuotedLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  return {
    id,
    storeId,
    consumerId,
    status: 'created',
    source: { scene: 'search', channel: 'organic' },
    lines: lines.map((l, i) => ({
      lineNo: i + 1,
      skuId: l.skuId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discount: l.discount,
    })),
    itemsAmount: sum((l) => l.amount),
    discountAmount: sum((l) => l.discount),
    shippingFee: 0,
    payAmount: sum((l) => l.paid),
    createdAt: new Date().toISOString(),
    pricing: { quoteId: quote.quoteId },
    ...extra,
  };
}

/** The same order moved to paid (full payment now). */
export function paid(o: ReturnType<typeof orderFromQuote>) {
  const at = new Date(Date.parse(o.createdAt) + 60_000).toISOString();
  return {
    ...o,
    status: 'paid',
    paidAt: at,
    payments: o.payAmount > 0 ? [{ id: `${o.id}-pay`, kind: 'full', amount: o.payAmount, paidAt: at }] : [],
  };
}

export function cancelled(o: ReturnType<typeof orderFromQuote>) {
  return { ...o, status: 'cancelled', cancelledAt: new Date(Date.parse(o.createdAt) + 60_000).toISOString() };
}
