// End-to-end checks of the scoring pages against a real demo server (which starts with 14 days of
// scores): the merchant reads the store experience score — figure, radar, trend, 14 metrics, advice,
// linkage — and a product's score in a drawer, in English and Chinese; the operator reads the
// distribution, recomputes a day and sees the run's timings, saves a configuration the server refuses
// (the reason shows beside the field) and then a valid one (a new version); the creator reads their own
// word-of-mouth score. Screenshots of every page in both languages go to test/browser/screenshots.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, signIn, startHarness, openMenu } from './harness.ts';

let h: Harness;
/** Unique per run, so a reused server (TRIBUTARY_BROWSER_URL) never shows an older note. */
const run = Date.now().toString(36).slice(-5);
const NOTE = `Browser test ${run}: targets unchanged`;

const apiAs = <T>(login: string, url: string) => h.api.as<T>(login, url);
const putAs = <T>(login: string, url: string, body: unknown) =>
  h.api.as<T>(login, url, { method: 'PUT', body });

interface ScoreView {
  id: string;
  score: number;
  grade: string;
  groupId: string;
  groupName: string | null;
  groupNameZh: string | null;
  explanation: {
    dimensions: unknown[];
    metrics: { id: string; unit: string; baseUnit?: string; value: number | null }[];
    advice: { code: string }[];
  };
  linkage: { trafficMultiplier: number };
}

/** Waits until a chart has drawn (its animation finished) and returns how many points it drew. */
async function chartPoints(page: Page, testId: string, within = page.locator('body')): Promise<number> {
  const chart = within.locator(`[data-testid="${testId}"][data-rendered]`);
  await chart.waitFor();
  expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
  return Number(await chart.getAttribute('data-points'));
}

/** Lets spinners settle and moves the pointer off menus and rows (no hover tooltips) before a screenshot. */
async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(700, 2);
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {});
  await page.waitForTimeout(400);
  await h.screenshot(page, name);
}

const field = (page: Page, path: string) => page.locator(`[data-testid="field-${path}"]`);

let storeId = '';
let creatorId = '';

beforeAll(async () => {
  h = await startHarness();
  // The merchant overview's party: its stores are what GET /scores/stores lists for a merchant.
  const stores = await apiAs<{ items: { id: string }[] }>('merchant', '/v1/scores/stores');
  storeId = stores.items[0]?.id ?? '';
  creatorId = (await apiAs<{ user: { partyId: string } }>('creator', '/v1/auth/me')).user.partyId;
});

afterAll(async () => {
  await h?.close();
});

describe('scoring console', () => {
  it('shows the merchant its store score explained, and a product’s in a drawer, in both languages', async () => {
    expect(storeId, 'the demo merchant has a scored store').not.toBe('');
    const view = await apiAs<ScoreView>('merchant', `/v1/scores/stores/${storeId}`);
    const history = await apiAs<{ items: unknown[] }>(
      'merchant',
      `/v1/scores/stores/${storeId}/history?days=30`,
    );
    expect(history.items.length).toBeGreaterThanOrEqual(14);

    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    expect(await page.getByTestId('nav-menu').innerText()).toContain('Scores');
    await openMenu(page, 'scores');
    const explanation = page.locator(
      `[data-testid="score-explanation"][data-kind="store"][data-id="${storeId}"]`,
    );
    await explanation.waitFor();
    expect(await page.getByTestId('score-value').innerText()).toBe(view.score.toFixed(2));
    expect(await page.getByTestId('score-headline').getByTestId('grade-tag').getAttribute('data-grade')).toBe(
      view.grade,
    );
    expect(await page.getByTestId('linkage-traffic').innerText()).toBe(`×${view.linkage.trafficMultiplier}`);
    // The peer category by its name, not its id ("c0…").
    expect(view.groupName, 'the demo store’s category has a name').toBeTruthy();
    const headline = await page.getByTestId('score-headline').innerText();
    expect(headline).toContain(`Peer category ${view.groupName}`);
    expect(headline).not.toContain(view.groupId);
    // The radar draws one point per dimension, the trend one row per day of history.
    expect(await chartPoints(page, 'score-radar')).toBe(view.explanation.dimensions.length);
    expect(await chartPoints(page, 'score-trend')).toBe(history.items.length);
    const metrics = page.getByTestId('metrics-table').locator('tr[data-row-key]');
    expect(await metrics.count()).toBe(14);
    const table = await page.getByTestId('metrics-table').innerText();
    for (const label of [
      'Quality refund rate',
      '24-hour pickup rate',
      'First response time',
      'Violation points',
    ])
      expect(table).toContain(label);
    expect(table).toMatch(/better than \d+% of peers/);
    const advice = page.getByTestId('advice-item');
    expect(await advice.count()).toBe(view.explanation.advice.length);
    expect(view.explanation.advice.length).toBeGreaterThan(0);
    expect(await advice.first().getAttribute('data-code')).toBe(view.explanation.advice[0]?.code);
    expect(await advice.first().innerText()).toMatch(/now .+, aim for .+\./);
    await shot(page, 'scoring-merchant-store-en');

    // Product scores: the merchant's own products, ranked; a row opens the same explanation in a drawer.
    await page.getByTestId('tab-products').click();
    const rows = page.getByTestId('product-scores').locator('tr[data-row-key]');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    const productId = await rows.first().getAttribute('data-row-key');
    expect(productId?.startsWith(`${storeId}-`)).toBe(true);
    // The category column names the category (ids look like "c020303").
    expect(await page.getByTestId('product-scores').locator('tbody').innerText()).not.toMatch(/\bc\d{6}\b/);
    await shot(page, 'scoring-merchant-products-en');
    await rows.first().click();
    const drawer = page.locator(
      `[data-testid="score-explanation"][data-kind="product"][data-id="${productId}"]`,
    );
    await drawer.waitFor();
    expect(await chartPoints(page, 'score-radar', drawer)).toBe(6);
    expect(await drawer.getByTestId('metrics-table').locator('tr[data-row-key]').count()).toBe(11);
    // Relative metrics show the raw figure they rank, with its unit, before the percentile.
    const product = await apiAs<ScoreView>('merchant', `/v1/scores/products/${productId}`);
    const velocity = product.explanation.metrics.find((m) => m.id === 'sales_velocity');
    expect(velocity).toMatchObject({ unit: 'percentile', baseUnit: 'units_per_day' });
    const rowValue = (id: string) =>
      drawer.locator(`tr[data-row-key="${id}"]`).getByTestId('metric-value').innerText();
    expect(velocity?.value, 'the top product has sold').not.toBeNull();
    expect(await rowValue('sales_velocity')).toMatch(/^[\d,.]+ units\/day · top \d+%$/);
    const brand = product.explanation.metrics.find((m) => m.id === 'brand_strength');
    if (brand?.value != null) expect(await rowValue('brand_strength')).toMatch(/^¥[\d,]+\.\d\d · top \d+%$/);
    const clicks = product.explanation.metrics.find((m) => m.id === 'click_through');
    if (clicks?.value != null) expect(await rowValue('click_through')).toMatch(/^[\d.]+% · top \d+%$/);
    // Tall enough for the whole drawer: a full-page shot shows only the viewport's part of a drawer.
    await page.setViewportSize({ width: 1366, height: 1900 });
    await shot(page, 'scoring-merchant-product-drawer-en');
    await page.setViewportSize({ width: 1366, height: 900 });
    // The close button rather than Escape, which reaches the drawer only while it has the focus.
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'detached' });

    // 中文: the tabs, dimensions, metrics and advice speak Chinese.
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('tab-store').getByText('店铺体验分').waitFor();
    expect(await page.getByTestId('nav-menu').innerText()).toContain('经营分');
    await page.getByTestId('tab-store').click();
    await explanation.waitFor();
    expect(await page.getByTestId('score-headline').innerText()).toContain(
      `对比类目 ${view.groupNameZh ?? view.groupName}`,
    );
    const zhTable = await page.getByTestId('metrics-table').innerText();
    for (const label of [
      '品质退款率',
      '差评率',
      '24小时揽收率',
      '平均送达时长',
      '平均首响时长',
      '违规扣分',
      '物流体验',
    ])
      expect(zhTable).toContain(label);
    expect(zhTable).toMatch(/超过 \d+% 同行/);
    expect(await page.getByTestId('advice-list').innerText()).toContain('提升建议');
    expect(await advice.first().innerText()).toMatch(/当前 .+，建议达到 .+。/);
    expect(await page.getByTestId('score-linkage').innerText()).toContain('流量加权');
    await chartPoints(page, 'score-trend');
    await shot(page, 'scoring-merchant-store-zh');
    await page.getByTestId('tab-products').click();
    await rows.first().waitFor();
    expect(await page.getByTestId('product-scores').locator('thead').innerText()).toContain('得分');
    await shot(page, 'scoring-merchant-products-zh');
    await rows.first().click();
    await drawer.waitFor();
    await chartPoints(page, 'score-radar', drawer);
    expect(
      await drawer.locator('tr[data-row-key="sales_velocity"]').getByTestId('metric-value').innerText(),
    ).toMatch(/^[\d,.]+ 件\/天 · 前 \d+%$/);
    await page.setViewportSize({ width: 1366, height: 1900 });
    await shot(page, 'scoring-merchant-product-drawer-zh');
    await context.close();
  });

  it('shows the operator the distribution and recomputes a day with its timings', async () => {
    const dist = await apiAs<{ bins: unknown[]; thresholds: unknown[] }>(
      'operator',
      '/v1/scoring/distribution/stores',
    );
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    expect(await page.getByTestId('nav-menu').innerText()).toContain('Scores');
    await openMenu(page, 'scores');
    await page.getByTestId('distribution-store').waitFor();
    expect(await chartPoints(page, 'score-histogram', page.getByTestId('distribution-store'))).toBe(
      dist.bins.length,
    );
    expect(await page.getByTestId('thresholds-table').locator('tr[data-row-key]').count()).toBe(
      dist.thresholds.length,
    );
    expect(await page.getByTestId('thresholds-table').innerText()).toContain('Store campaign entry');
    await page.getByTestId('ranking-store').locator('tr[data-row-key]').first().waitFor();
    await shot(page, 'scoring-operator-stores-en');

    const before = await apiAs<{ items: { id: number }[] }>('operator', '/v1/scoring/runs');
    await page.getByTestId('recompute-open').click();
    await page.getByTestId('recompute-run').click();
    const result = page.getByTestId('recompute-result');
    await result.waitFor({ timeout: 90_000 });
    expect(await result.innerText()).toMatch(/Run #\d+ finished in [\d,]+ ms/);
    const timings = await page.getByTestId('recompute-timings').innerText();
    for (const phase of ['aggregation', 'scoring', 'writing']) expect(timings).toContain(phase);
    await shot(page, 'scoring-operator-recompute-en');
    const after = await apiAs<{ items: { id: number; trigger: string }[] }>('operator', '/v1/scoring/runs');
    expect(after.items[0]?.id).toBeGreaterThan(before.items[0]?.id ?? 0);
    expect(after.items[0]?.trigger).toBe('api');
    await page.keyboard.press('Escape');

    await page.getByTestId('tab-runs').click();
    const first = page.getByTestId('runs-table').locator(`tr[data-row-key="${after.items[0]?.id}"]`);
    await first.waitFor();
    expect(await first.innerText()).toContain('Manual');
    await shot(page, 'scoring-operator-runs-en');

    await page.getByTestId('tab-products').click();
    await page.getByTestId('distribution-product').waitFor();
    await chartPoints(page, 'score-histogram', page.getByTestId('distribution-product'));
    await shot(page, 'scoring-operator-products-en');

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('tab-stores').getByText('店铺').waitFor();
    await page.getByTestId('tab-stores').click();
    await page.getByTestId('distribution-store').waitFor();
    const stores = page.getByTestId('distribution-store');
    expect(await stores.getByTestId('thresholds-table').innerText()).toContain('店铺活动报名');
    await chartPoints(page, 'score-histogram', stores);
    await shot(page, 'scoring-operator-stores-zh');
    await context.close();
  });

  it('shows the server’s refusal of a configuration beside the field, then saves a new version', async () => {
    const current = await apiAs<{ version: number }>('operator', '/v1/scoring/config');
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await page.goto('/scores?tab=config');
    await page.getByTestId('config-form').waitFor();
    expect(await page.getByTestId('config-version').innerText()).toContain(`Version ${current.version}`);

    // A product rating target below its floor (3.2): higher is better, so the server refuses it.
    const target = field(page, 'store.metrics.product_rating.target').locator('input');
    const original = await target.inputValue();
    await target.fill('3');
    await page.getByTestId('config-save').click();
    const issue = field(page, 'store.metrics.product_rating.target').getByTestId('field-issue');
    await issue.waitFor();
    expect(await issue.innerText()).toBe('Higher is better here: the target must be above the floor.');
    await shot(page, 'scoring-operator-config-error-en');
    expect((await apiAs<{ version: number }>('operator', '/v1/scoring/config')).version).toBe(
      current.version,
    );

    // Put it back, say why, and save: a new version in force, listed in the history with its note.
    await target.fill(original);
    await page.getByTestId('config-note').fill(NOTE);
    await page.getByTestId('config-save').click();
    await page
      .getByTestId('config-version')
      .getByText(`Version ${current.version + 1}`)
      .waitFor();
    await page.getByTestId('config-history').getByText(NOTE).waitFor();
    const saved = await apiAs<{ version: number; note: string }>('operator', '/v1/scoring/config');
    expect(saved).toMatchObject({ version: current.version + 1, note: NOTE });
    // Saved by the operator's display name, not their user id.
    const me = await apiAs<{ user: { displayName: string } }>('operator', '/v1/auth/me');
    expect(await page.getByTestId('config-version').innerText()).toContain(`by ${me.user.displayName} on`);
    await shot(page, 'scoring-operator-config-en');

    // The English "saved" toast must not linger into the Chinese screenshot.
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await page.getByTestId('lang-switch').click();
    await page.getByText('当前生效规则').waitFor();
    const zhForm = await page.getByTestId('config-form').innerText();
    for (const label of ['考核周期（天）', '最低样本量', '品质退款率', '底线值（0 分）'])
      expect(zhForm).toContain(label);

    // Someone else saves meanwhile: this form's save is stale (409), and the notice names the version in force.
    const inForce = await apiAs<{ version: number; config: unknown }>('operator', '/v1/scoring/config');
    await putAs('operator', '/v1/scoring/config', {
      baseVersion: inForce.version,
      note: `Browser test ${run}: saved elsewhere`,
      config: inForce.config,
    });
    await page.getByTestId('config-save').click();
    const stale = page.getByTestId('config-stale');
    await stale.waitFor();
    expect(await stale.innerText()).toContain(`其他人已保存了版本 ${inForce.version + 1}`);
    await shot(page, 'scoring-operator-config-zh');
    await context.close();
  });

  it('shows the creator their own word-of-mouth score', async () => {
    const view = await apiAs<ScoreView>('creator', `/v1/scores/creators/${creatorId}`);
    const { context, page } = await h.newPage();
    await signIn(page, 'creator');
    expect(await page.getByTestId('nav-menu').innerText()).toContain('My score');
    await openMenu(page, 'scores');
    await page
      .locator(`[data-testid="score-explanation"][data-kind="creator"][data-id="${creatorId}"]`)
      .waitFor();
    expect(await page.getByTestId('score-value').innerText()).toBe(view.score.toFixed(2));
    expect(await page.getByTestId('metrics-table').locator('tr[data-row-key]').count()).toBe(
      view.explanation.metrics.length,
    );
    expect(await chartPoints(page, 'score-radar')).toBe(3);
    await chartPoints(page, 'score-trend');
    await shot(page, 'scoring-creator-en');

    await page.getByTestId('lang-switch').click();
    await page.locator('h4', { hasText: '我的达人口碑分' }).waitFor();
    const zh = await page.getByTestId('metrics-table').innerText();
    for (const label of ['内容口碑', '商品口碑', '服务口碑', '描述不符率', '复购率'])
      expect(zh).toContain(label);
    await chartPoints(page, 'score-trend');
    await shot(page, 'scoring-creator-zh');
    await context.close();
  });
});
