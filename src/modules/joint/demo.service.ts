import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Principal } from '../../core/auth.ts';
import type { Database } from '../../core/db.ts';
import { dayStart, shiftDay } from '../../core/time.ts';
import { addToWhitelist } from './ads.service.ts';
import * as repo from './campaigns.repo.ts';
import { type CreateBody, createCampaign, join, respond } from './campaigns.service.ts';
import { settleAll } from './funding.service.ts';
import { rebuildPartners, recommendPartners } from './partners.service.ts';

/**
 * The demo's joint marketing: partner statistics over the simulated orders; the simulator's historical joint
 * weeks imported as ended cross-store campaigns (their discounts are in the simulated orders, so dashboards
 * and the shares settlement have data); and, around the window's end, one running campaign of each type
 * between the demo merchant and its recommended (complementary) partners, an open ad it can join and an
 * invitation waiting for its answer. Runs before the traffic replay so the funded ad's program delivers.
 */

const HOUR = 3_600_000;
const merchant = (id: string): Principal => ({
  role: 'merchant',
  partyId: id,
  subject: `demo-${id}`,
  via: 'session',
});

interface Partner {
  storeId: string;
  merchantId: string;
}

async function importSimulatedWeeks(db: Database, demoMerchantId: string, tz: string): Promise<number> {
  const k = db.kysely;
  const { rows } = await sql<{
    id: string;
    name: string;
    store_ids: string[];
    starts_on: string;
    ends_on: string;
    offer_id: string | null;
  }>`
    SELECT c.campaign_id AS id, c.name, c.store_ids, c.starts_on::text AS starts_on, c.ends_on::text AS ends_on,
      o.id AS offer_id
    FROM sim_campaigns c LEFT JOIN pricing_offers o ON o.id = 'sim-' || c.campaign_id || '-kd'
    WHERE c.kind = 'joint' ORDER BY c.campaign_id`.execute(k);
  let n = 0;
  for (const c of rows) {
    const stores = await repo.storesByIds(k, c.store_ids);
    const org = stores.get(c.store_ids[0]!);
    if (!org) continue;
    // The demo merchant's week splits its funding equally by agreement, so its settlement moves money.
    const shares =
      org.merchantId === demoMerchantId ||
      c.store_ids.some((s) => stores.get(s)?.merchantId === demoMerchantId);
    const created = new Date(dayStart(c.starts_on, tz).getTime() - 3 * 24 * HOUR);
    await k.transaction().execute(async (trx) => {
      const inserted = await repo.insertCampaign(
        trx,
        {
          id: c.id,
          type: 'cross_store_threshold',
          name: c.name,
          nameZh: c.name.replace(/ joint week (\d+)$/, ' 联合周 $1'),
          organiserMerchantId: org.merchantId,
          organiserStoreId: org.id,
          startsAt: dayStart(c.starts_on, tz).toISOString(),
          endsAt: dayStart(shiftDay(c.ends_on, 1), tz).toISOString(),
          cancelled: false,
          rules: { rule: { type: 'amount_every', every: 20_000, off: 2000 } },
          requirements: {},
          funding: { mode: shares ? 'shares' : 'own_lines' },
          fanOffer: null,
          decoration: null,
          pricing: { offerId: c.offer_id, templateId: null, fanTemplateId: null },
          bodyHash: createHash('sha256').update(c.id).digest('hex'),
          version: 1,
          createdAt: created.toISOString(),
        },
        'demo',
      );
      if (!inserted) return;
      for (const s of c.store_ids) {
        const st = stores.get(s);
        if (!st) continue;
        await repo.upsertParticipant(
          trx,
          c.id,
          {
            storeId: s,
            merchantId: st.merchantId,
            role: s === org.id ? 'organiser' : 'participant',
            status: 'accepted',
            shareBp: null,
          },
          created,
        );
      }
      await repo.touch(trx, c.id, {
        pricing: { offerId: c.offer_id, templateId: null, fanTemplateId: null },
      });
      n++;
    });
  }
  return n;
}

export async function seedJointDemo(
  db: Database,
  o: { endDay: string; timeZone: string; merchantId: string; storeId: string },
): Promise<string> {
  const tz = o.timeZone;
  const windowEnd = dayStart(shiftDay(o.endDay, 1), tz);
  // As of now (not the window's end): the server's first refresh then continues incrementally.
  const stats = await rebuildPartners(db.kysely, {
    now: new Date(Math.min(Date.now(), windowEnd.getTime())),
    timeZone: tz,
  });
  const imported = await importSimulatedWeeks(db, o.merchantId, tz);

  const recs = await recommendPartners(db.kysely, o.storeId, 12);
  const seen = new Set([o.merchantId]);
  const partners: Partner[] = [];
  for (const r of recs.items)
    if (!seen.has(r.merchantId)) {
      seen.add(r.merchantId);
      partners.push({ storeId: r.storeId, merchantId: r.merchantId });
    }
  if (partners.length < 3)
    return `joint: ${stats.pairs} partner pairs, ${imported} simulated weeks imported; too few partners for running campaigns`;
  const [p1, p2, p3] = partners as [Partner, Partner, Partner];
  const me = merchant(o.merchantId);
  const at = (days: number, hours = 10) =>
    new Date(dayStart(shiftDay(o.endDay, days), tz).getTime() + hours * HOUR);
  // Running campaigns were agreed a week ago and started four days before the window's end.
  const agreed = at(-7);
  const starts = at(-4, 0).toISOString();
  const ends = at(10, 0).toISOString();
  const create = (p: Principal, b: CreateBody, now = agreed) => createCampaign(db, p, b, now);
  const accept = (id: string, s: Partner, shareBp?: number, now = agreed) =>
    respond(
      db,
      merchant(s.merchantId),
      id,
      s.storeId,
      'accept',
      shareBp === undefined ? {} : { shareBp },
      now,
    );

  await create(me, {
    id: 'demo-threshold',
    type: 'cross_store_threshold',
    name: 'Beauty & style cross-store week',
    nameZh: '美妆穿搭跨店周',
    storeId: o.storeId,
    startsAt: starts,
    endsAt: ends,
    rules: {
      rule: {
        type: 'amount_tiers',
        tiers: [
          { min: 19_900, off: 2000 },
          { min: 29_900, off: 4000 },
        ],
      },
    },
    funding: { mode: 'own_lines' },
    fanOffer: { rule: { type: 'amount', min: 9900, off: 1000 }, quantity: 500 },
    invite: [p1.storeId, p2.storeId, p3.storeId],
  });
  await accept('demo-threshold', p1);
  await accept('demo-threshold', p2);

  await create(merchant(p1.merchantId), {
    id: 'demo-coupon',
    type: 'cross_store_coupon',
    name: 'Partner stores coupon: ¥20 off ¥159',
    nameZh: '伙伴店铺跨店券 满159减20',
    storeId: p1.storeId,
    startsAt: starts,
    endsAt: ends,
    rules: { coupon: { type: 'amount', min: 15_900, off: 2000 }, quantity: 2000, perUserLimit: 1 },
    funding: { mode: 'shares', organiserShareBp: 5000 },
    invite: [o.storeId, p2.storeId],
  });
  await respond(db, me, 'demo-coupon', o.storeId, 'accept', { shareBp: 3000 }, agreed);
  await accept('demo-coupon', p2, 2000);

  await create(merchant(p2.merchantId), {
    id: 'demo-decoration',
    type: 'shared_decoration',
    name: 'Winter gift week',
    nameZh: '冬季好礼周',
    storeId: p2.storeId,
    startsAt: starts,
    endsAt: ends,
    rules: {},
    decoration: {
      theme: 'winter',
      bannerText: 'Winter gift week: gift wrapping on us',
      bannerTextZh: '冬季好礼周 · 免费礼品包装',
      color: '#1f5fa8',
      giftWrap: true,
      giftWrapFee: 0,
    },
    invite: [o.storeId, p1.storeId],
  });
  await accept('demo-decoration', { storeId: o.storeId, merchantId: o.merchantId });
  await accept('demo-decoration', p1);

  // Ad crowdfunding is in gray release: the demo merchant and its partners are on the whitelist.
  for (const m of [o.merchantId, p1.merchantId, p2.merchantId, p3.merchantId])
    await addToWhitelist(db, m, 'demo gray release', 'demo');
  await create(me, {
    id: 'demo-ad',
    type: 'ad_crowdfunding',
    name: 'Feed top positions, shared',
    nameZh: '信息流置顶 联合众筹',
    storeId: o.storeId,
    startsAt: starts,
    endsAt: at(3, 0).toISOString(),
    rules: { ad: { slot: 'feed_top', deadline: at(-5).toISOString(), split: 'equal', seats: 3 } },
  });
  await join(db, merchant(p1.merchantId), 'demo-ad', { storeId: p1.storeId }, at(-6));
  await join(db, merchant(p2.merchantId), 'demo-ad', { storeId: p2.storeId }, at(-6, 15));

  // Still to come: an open ad the demo merchant can join, and an invitation waiting for its answer.
  await create(
    merchant(p3.merchantId),
    {
      id: 'demo-ad-open',
      type: 'ad_crowdfunding',
      name: 'Mall channel banner, shared',
      nameZh: '商城频道横幅 联合众筹',
      storeId: p3.storeId,
      startsAt: at(5, 0).toISOString(),
      endsAt: at(10, 0).toISOString(),
      rules: { ad: { slot: 'mall_channel', deadline: at(4).toISOString(), split: 'shares', shareBp: 4000 } },
    },
    at(0),
  );
  await create(
    merchant(p3.merchantId),
    {
      id: 'demo-invitation',
      type: 'cross_store_threshold',
      name: 'New year cross-store ¥100 off ¥199',
      nameZh: '新年跨店满199减100',
      storeId: p3.storeId,
      startsAt: at(6, 0).toISOString(),
      endsAt: at(13, 0).toISOString(),
      rules: { rule: { type: 'amount_tiers', tiers: [{ min: 19_900, off: 10_000 }] } },
      funding: { mode: 'own_lines' },
      invite: [o.storeId, p1.storeId],
    },
    at(0),
  );
  const settled = await settleAll(db, windowEnd);
  return `joint: ${stats.pairs.toLocaleString('en-US')} partner pairs in ${(stats.tookMs / 1000).toFixed(1)} s, ${imported} simulated weeks imported, 6 demo campaigns, ${settled.settled} orders settled by shares`;
}
