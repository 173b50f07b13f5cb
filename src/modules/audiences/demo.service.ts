import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Db } from '../../core/db.ts';
import { createTemplate } from '../pricing/index.ts';
import { createActivation } from './activations.service.ts';
import type { AudEnv } from './audiences.shared.ts';
import { createAudience, createLookalike, getRow } from './audiences.service.ts';
import { buildTags, rebuildProfiles } from './tags.store.ts';
import { storeMainL1 } from './tiers.service.ts';

/**
 * The audiences demo for the demo merchant, after a simulated marketplace: profiles and tags built as of `now`,
 * four saved audiences of its main store (its customers; price-sensitive customers; intent visitors of its main
 * category who have not bought from it; a lookalike of its customers) and a coupon activation at the intent
 * visitors with a 10% holdout, using one of its coupon templates (one is created when none can cover the group).
 * Ids are fixed, so running it again changes nothing. Returns one line for the console.
 */
export async function seedAudiencesDemo(
  db: Db,
  opts: { timeZone: string; merchantId: string; now?: Date },
): Promise<string> {
  const now = opts.now ?? new Date();
  const env: AudEnv = { db, timeZone: opts.timeZone };
  const merchantId = opts.merchantId;
  const who: Principal = { role: 'merchant', partyId: merchantId, subject: 'demo', via: 'api_key' };

  await rebuildProfiles(db, { now });
  const build = await buildTags(db, { timeZone: opts.timeZone, now });

  const store = (
    await sql<{ id: string }>`SELECT s.id FROM stores s WHERE s.merchant_id = ${merchantId}
      ORDER BY (SELECT count(*) FROM orders o WHERE o.store_id = s.id) DESC, s.id LIMIT 1`.execute(db)
  ).rows[0]?.id;
  if (!store) return `audiences demo skipped: merchant ${merchantId} has no store`;
  const l1 = await storeMainL1(db, store);
  const customers = { tier: { store, tier: 'customers' } };

  const save = async (
    id: string,
    name: string,
    description: string,
    expression: unknown,
    refresh: 'manual' | 'daily',
  ) => {
    if (!(await getRow(db, id)))
      await createAudience(env, who, { id, name, description, expression, refresh });
    return (await getRow(db, id))!;
  };

  const all = await save(
    'aud_demo_customers',
    'Customers of my main store',
    'Paid an order at the store in the last 180 days',
    customers,
    'daily',
  );
  const priceSensitive = await save(
    'aud_demo_price_sensitive',
    'Price-sensitive customers',
    'Customers whose orders lean on coupons and discounts',
    {
      op: 'and',
      args: [
        customers,
        { op: 'or', args: [{ tag: 'price_sensitivity:high' }, { tag: 'price_sensitivity:medium' }] },
      ],
    },
    'daily',
  );
  const intent = await save(
    'aud_demo_intent',
    'Intent visitors who have not bought',
    'Browsed or carted the store’s main category in 30 days without buying it, and are not customers',
    l1
      ? { op: 'and', args: [{ tag: `intent:${l1}` }, { op: 'not', arg: customers }] }
      : { tier: { store, tier: 'intent' } },
    'daily',
  );
  const lookalikeId = 'aud_demo_lookalike';
  if (!(await getRow(db, lookalikeId)))
    await createLookalike(env, who, all.id, {
      id: lookalikeId,
      size: Math.max(100, (all.size ?? 0) * 2),
      name: 'Lookalike of my customers',
    });
  const lookalike = (await getRow(db, lookalikeId))!;

  // A coupon at the intent visitors, treatment only, 10% held out.
  // Claim windows are real instants (the activation claims at the time it runs), whatever `now` the tags took.
  const clock = new Date();
  const target = intent.size ? intent : all;
  const need = Math.max(1, target.size ?? 0);
  const usable = (
    await sql<{ id: string }>`SELECT id FROM pricing_coupon_templates WHERE merchant_id = ${merchantId}
      AND status = 'active' AND audience_id IS NULL AND claim_starts_at <= ${clock} AND claim_ends_at > ${new Date(clock.getTime() + 86_400_000)}
      AND total_quantity - claimed >= ${need} AND (store_ids IS NULL OR ${store} = ANY(store_ids))
      ORDER BY id LIMIT 1`.execute(db)
  ).rows[0]?.id;
  let templateId = usable ?? 'tpl_demo_audience';
  if (!usable) {
    const r = await createTemplate(db, who, {
      id: templateId,
      name: '¥15 off ¥99 for our visitors',
      kind: 'store',
      merchantId,
      scope: { storeIds: [store] },
      rule: { type: 'amount', min: 9900, off: 1500 },
      totalQuantity: Math.max(1000, need * 2),
      perUserLimit: 1,
      claimStartsAt: new Date(clock.getTime() - 3_600_000).toISOString(),
      claimEndsAt: new Date(clock.getTime() + 30 * 86_400_000).toISOString(),
      validity: { days: 14 },
    } as never);
    templateId = (r.body as { id: string }).id;
  }
  const act = await createActivation(env, who, target.id, {
    id: 'act_demo_coupon',
    kind: 'coupon',
    couponTemplateId: templateId,
    holdoutPct: 10,
  });
  return `audiences: tags built (${build.users} users, ${build.tags} tags); 4 audiences of ${merchantId} (customers ${all.size}, price-sensitive ${priceSensitive.size}, intent ${intent.size}, lookalike ${lookalike.size}); coupon ${templateId} to ${act.body.issued} of ${act.body.treatment} treatment users, ${act.body.holdout} held out`;
}
