// End-to-end checks of the analytics pages against a real demo server. The demo merchant opens business analytics:
// real-time cards that refresh on their own, KPI cards agreeing with the API, the daily trend, traffic sources, the
// funnel and the product ranking drawn; the forecast page draws history and forecast with its bands; the
// opportunity center shows evidence in words; all-domain and marketing effect render; the operator reads
// marketplace health and daily reports. The merchant's pages once more in Chinese.
// Screenshots: test/browser/screenshots/analytics-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openMenu, readPages, settle, signIn, startHarness } from './harness.ts';

let h: Harness;
const as = <T>(login: string, url: string) => h.api.as<T>(login, url);

async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page
    .locator('[data-testid$="-chart"]:not([data-rendered])')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => {});
  await h.screenshot(page, `analytics-${name}`);
}

/** Rows of an antd table under a test id (the empty placeholder row excluded). */
const tableRows = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);

interface Overview {
  kpis: { gmv: number; orders: number; visitors: number };
  daily: { day: string }[];
}

let merchantId = '';

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await as<{ user: { partyId: string } }>('merchant', '/v1/auth/me')).user.partyId;
  // The server builds the demo's rollups in the background right after it starts.
  for (;;) {
    const s = await as<{ lastRebuild: unknown }>('operator', '/v1/analytics/rollups/status');
    if (s.lastRebuild) break;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}, 200_000);

afterAll(async () => {
  await h?.close();
});

describe('analytics console', () => {
  it('shows the merchant its business analytics: real time, KPIs, trend, sources, funnel, products', async () => {
    const { context, page } = await h.newPage();
    try {
      await signIn(page, 'merchant');
      await openMenu(page, 'analytics');
      const asOf = page.getByTestId('an-realtime-asof');
      await asOf.waitFor({ timeout: 30_000 });
      const first = await asOf.getAttribute('data-asof');
      // The real-time read asks again every 5 s on its own (the instant it was computed moves on).
      await expect
        .poll(() => asOf.getAttribute('data-asof'), { timeout: 15_000, interval: 1000 })
        .not.toBe(first);

      const overview = await as<Overview>(
        'merchant',
        `/v1/analytics/overview?merchantId=${encodeURIComponent(merchantId)}`,
      );
      expect(overview.kpis.orders).toBeGreaterThan(0);
      const orders = page.getByTestId('an-kpi-orders');
      // Today's orders keep moving while the demo runs: the card shows the API's figure within a few orders.
      const shown = async () =>
        Number((await orders.innerText()).split('\n')[1]?.replaceAll(',', '') ?? Number.NaN);
      await expect.poll(shown, { timeout: 30_000 }).toBeGreaterThan(0);
      expect(Math.abs((await shown()) - overview.kpis.orders)).toBeLessThanOrEqual(
        Math.max(3, overview.kpis.orders * 0.02),
      );
      const trend = page.locator('[data-testid="trend-chart"][data-points]');
      await trend.waitFor();
      expect(Number(await trend.getAttribute('data-points'))).toBe(overview.daily.length);

      await expect
        .poll(() => tableRows(page, 'an-sources-table').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      await page.locator('[data-testid="an-sources-chart"][data-rendered]').waitFor();
      await page.locator('[data-testid="an-funnel-chart"][data-points="5"]').waitFor();
      await expect
        .poll(() => tableRows(page, 'an-products-table').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      // Sorting by units asks the server again; the first row then has the most units.
      await page.getByTestId('an-products-sort').getByText('By units').click();
      await page.waitForURL(/sort=units/);
      await expect
        .poll(() => tableRows(page, 'an-products-table').count(), { timeout: 30_000 })
        .toBeGreaterThan(0);
      expect(await page.getByTestId('an-sources-csv').isVisible()).toBe(true);
      await shot(page, 'business');
    } finally {
      await context.close();
    }
  });

  it('draws the forecast with its bands and says which model the guard kept', async () => {
    const { context, page } = await h.newPage();
    try {
      await signIn(page, 'merchant');
      await page.goto('/analytics/forecast');
      const band = page.getByTestId('an-forecast-band');
      await band.waitFor({ timeout: 60_000 });
      expect(Number(await band.getAttribute('data-band-days'))).toBe(14);
      await page.locator('[data-testid="an-forecast-chart"][data-rendered]').waitFor();
      expect((await page.getByTestId('an-guard-reason').innerText()).length).toBeGreaterThan(6);
      expect(await page.getByTestId('an-next-week').innerText()).toContain('¥');
      await shot(page, 'forecast');
    } finally {
      await context.close();
    }
  });

  it('shows opportunities with their evidence in words, and the other merchant pages', async () => {
    const { context, page } = await h.newPage();
    try {
      await signIn(page, 'merchant');
      await page.goto('/analytics/opportunities');
      const evidence = page.getByTestId('an-evidence').first();
      await evidence.waitFor({ timeout: 60_000 });
      // Words, not raw keys like "search_growth".
      expect(await evidence.innerText()).not.toMatch(/[a-z]+_[a-z]+/);
      await shot(page, 'opportunities');

      await openMenu(page, 'analytics/all-domain');
      await page.locator('[data-testid="an-domain-chart"][data-rendered]').waitFor({ timeout: 60_000 });
      await shot(page, 'all-domain');

      await openMenu(page, 'analytics/measurement');
      await page.getByTestId('an-roi').waitFor({ timeout: 60_000 });
      await page.getByTestId('an-attribution').waitFor();
      await shot(page, 'measurement');
    } finally {
      await context.close();
    }
  });

  it('shows the operator marketplace health and the daily reports', async () => {
    const { context, page } = await h.newPage();
    // The server may be closing yesterday's rollups and storing its reports right after the demo starts.
    page.setDefaultNavigationTimeout(120_000);
    try {
      await signIn(page, 'operator');
      await openMenu(page, 'analytics/health');
      const gmv = page.getByTestId('an-health-gmv');
      await expect.poll(() => gmv.innerText(), { timeout: 60_000 }).toContain('¥');
      await page.locator('[data-testid="an-health-chart"][data-rendered]').waitFor();
      await shot(page, 'health');

      await openMenu(page, 'analytics/reports');
      await page.getByTestId('an-rollups').locator('.ant-descriptions').waitFor({ timeout: 30_000 });
      await shot(page, 'reports');
    } finally {
      await context.close();
    }
  });

  it('reads in Chinese', async () => {
    await readPages(
      h,
      'merchant',
      [
        {
          path: '/analytics',
          name: 'analytics-business',
          wait: 'an-realtime-asof',
          texts: ['生意参谋', '支付金额', '访客数', '支付转化率', '流量来源'],
        },
        {
          path: '/analytics/forecast',
          name: 'analytics-forecast',
          wait: 'an-forecast-band',
          texts: ['销售预测', '80% 区间'],
        },
        {
          path: '/analytics/opportunities',
          name: 'analytics-opportunities',
          wait: 'an-opp-market',
          texts: ['机会中心', '市场洞察'],
        },
        {
          path: '/analytics/all-domain',
          name: 'analytics-all-domain',
          wait: 'an-domain-daily',
          texts: ['全域经营', '自播', '分销', '货架'],
        },
      ],
      shot,
    );
  });
});
