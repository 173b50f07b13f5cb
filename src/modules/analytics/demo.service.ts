import type { Db } from '../../core/db.ts';
import { businessDay, shiftDay } from '../../core/time.ts';
import { seedPastCampaign } from './demo.campaign.ts';
import { runDailyReports } from './reports.service.ts';
import { rebuildRollups } from './rollups.service.ts';

/**
 * The demo's analytics: the demo merchant's last campaign with a holdout (demo.campaign.ts), rollups of every
 * simulated day, then the stored daily reports of its last three days.
 */
export async function seedAnalyticsDemo(
  db: Db,
  o: { from: string; to: string; timeZone: string; merchantId: string },
): Promise<string> {
  const campaign = await seedPastCampaign(db, {
    timeZone: o.timeZone,
    merchantId: o.merchantId,
    endDay: o.to,
  });
  const today = businessDay(Date.now(), o.timeZone);
  const to = o.to > today ? today : o.to;
  const r = await rebuildRollups(db, { from: o.from, to, timeZone: o.timeZone });
  const last = to < today ? to : shiftDay(today, -1);
  let reports = 0;
  for (let d = shiftDay(last, -2); d <= last; d = shiftDay(d, 1))
    reports += (await runDailyReports(db, d)).merchants + 1;
  return `${campaign}; analytics rollups of ${r.days} days and ${reports} daily reports`;
}
