/** A tiny hand-made marketplace for API tests: two merchants, a category path, products, consumers, parties. */
export const T0 = '2026-11-01T02:00:00.000Z';
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const catalog = {
  categories: [
    { id: 'c1', level: 1, name: 'Food', nameZh: '食品' },
    { id: 'c11', parentId: 'c1', level: 2, name: 'Snacks', nameZh: '零食' },
    { id: 'c111', parentId: 'c11', level: 3, name: 'Nuts', nameZh: '坚果' },
  ],
  brands: [{ id: 'b1', name: 'Acorn' }],
  merchants: [
    { id: 'm1', name: 'Hill Foods', type: 'pop', onboardedAt: '2026-01-01' },
    { id: 'm2', name: 'River Goods', type: 'self', onboardedAt: '2026-02-01' },
  ],
  stores: [
    { id: 's1', merchantId: 'm1', name: 'Hill Foods Flagship', mainCategoryId: 'c1', openedAt: '2026-01-02' },
    { id: 's2', merchantId: 'm2', name: 'River Goods Store', openedAt: '2026-02-02' },
  ],
  products: [
    {
      id: 'p1',
      storeId: 's1',
      categoryId: 'c111',
      brandId: 'b1',
      title: 'Roasted almonds 500g gift box',
      listedAt: T0,
      skus: [{ id: 'k1', price: 3990, stock: 100 }],
    },
    {
      id: 'p2',
      storeId: 's2',
      categoryId: 'c111',
      title: 'Walnuts 1kg',
      listedAt: T0,
      skus: [
        { id: 'k2', price: 5990, stock: 50 },
        { id: 'k3', price: 9900, stock: 5 },
      ],
    },
  ],
  consumers: [
    { id: 'u1', ageBand: '25-29', gender: 'f', region: 'Zhejiang', cityTier: 2, registeredAt: T0 },
    { id: 'u2', registeredAt: T0 },
  ],
  creators: [{ id: 'cr1', name: 'Lily Eats', followers: 120000, categories: ['c1'], joinedAt: '2026-03-01' }],
  promoters: [
    { id: 'pl1', name: 'Team Lead Wang', isLeader: true, groupSize: 3, joinedAt: '2026-03-01' },
    { id: 'pr1', name: 'Promoter Li', leaderId: 'pl1', joinedAt: '2026-03-02' },
  ],
};

/** A paid one-line order of store s1 (2 × ¥39.90 − ¥5 discount + ¥0 shipping). */
export function paidOrder(id = 'o1', extra: Record<string, unknown> = {}) {
  return {
    id,
    storeId: 's1',
    consumerId: 'u1',
    status: 'paid',
    source: { scene: 'search', channel: 'organic' },
    lines: [{ lineNo: 1, skuId: 'k1', quantity: 2, unitPrice: 3990, discount: 500 }],
    itemsAmount: 7980,
    discountAmount: 500,
    shippingFee: 0,
    payAmount: 7480,
    payments: [{ id: `${id}-pay`, kind: 'full', amount: 7480, paidAt: at(5) }],
    createdAt: at(0),
    paidAt: at(5),
    ...extra,
  };
}

export async function loadCatalog(
  post: (path: string, body: unknown) => Promise<{ status: number; body: unknown }>,
) {
  for (const kind of [
    'categories',
    'brands',
    'merchants',
    'stores',
    'products',
    'consumers',
    'creators',
    'promoters',
  ] as const) {
    const r = await post(`/v1/catalog/${kind}`, { records: catalog[kind] });
    if (r.status !== 200) throw new Error(`loading ${kind} failed: ${JSON.stringify(r.body)}`);
  }
}
