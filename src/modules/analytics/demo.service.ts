import type { Db } from '../../core/db.ts';
import { seedPastCampaign } from './demo.campaign.ts';

/**
 * The demo's analytics seed: the demo merchant's last campaign with a holdout (demo.campaign.ts). The rollups of
 * every simulated day and yesterday's daily reports are built by the server itself right after it starts (the
 * analytics close job catches up with data no batch has covered), so the demo starts without waiting for them.
 */
export async function seedAnalyticsDemo(
  db: Db,
  o: { to: string; timeZone: string; merchantId: string },
): Promise<string> {
  return seedPastCampaign(db, { timeZone: o.timeZone, merchantId: o.merchantId, endDay: o.to });
}
