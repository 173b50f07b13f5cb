// End-to-end checks of the web console against a real server with the demo marketplace:
// sign-in, role-aware navigation, data on the overviews, both languages, tenant isolation.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartPoints, chartSettled, type Harness, signIn, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

/** Text of a KPI card's value, e.g. "¥1.23M". */
const kpiValue = (page: Page, key: string) =>
  page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content').innerText();

/** The API as a signed-in user, for facts the UI test needs (e.g. another merchant's id). */
const apiAs = (login: string, path: string): Promise<unknown> => h.api.as(login, path);

describe('console', () => {
  it('rejects a wrong password with a visible error', async () => {
    const { context, page } = await h.newPage();
    await page.goto('/');
    await expect(page.getByTestId('demo-hint').innerText()).resolves.toContain('tributary');
    await page.getByTestId('login-user').fill('operator');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('tributary.token'))).toBeNull();
    await expect(page.getByTestId('user-role').count()).resolves.toBe(0);
    await h.screenshot(page, 'login-error-en');
    await context.close();
  });

  it('shows the operator the marketplace overview, in English and Chinese', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    expect(await page.evaluate(() => sessionStorage.getItem('tributary.token'))).toBeTruthy();

    expect(await chartPoints(page)).toBeGreaterThan(0);
    const gmv = await kpiValue(page, 'gmv');
    expect(gmv).toMatch(/^¥/);
    expect(gmv).not.toBe('¥0.00');
    expect(Number((await kpiValue(page, 'orders')).replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(await page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    const menu = await page.getByTestId('nav-menu').innerText();
    expect(menu).toContain('Overview');
    expect(menu).toContain('Merchants');
    await chartSettled(page);
    await h.screenshot(page, 'operator-overview-en');

    await page.getByTestId('lang-switch').click();
    await page.getByText('成交额', { exact: true }).first().waitFor();
    expect(await page.getByTestId('nav-menu').innerText()).toContain('概览');
    expect(await page.evaluate(() => localStorage.getItem('tributary.lang'))).toBe('zh');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await chartSettled(page);
    await h.screenshot(page, 'operator-overview-zh');

    await page.getByTestId('lang-switch').click();
    await page.getByText('Marketplace overview').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('tributary.lang'))).toBe('en');
    await context.close();
  });

  it('lets the operator list, search and open merchants', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await page.getByTestId('nav-menu').getByText('Merchants').click();
    await page.waitForURL(/\/merchants$/);
    const rows = page.locator('.ant-table-row');
    await rows.first().waitFor();
    const firstName = (await rows.first().locator('td').first().innerText()).trim();
    expect(firstName.length).toBeGreaterThan(0);
    await h.screenshot(page, 'merchants-en');

    // Search by a fragment of a real name: the match must stay in the list.
    const fragment = firstName.slice(0, Math.min(4, firstName.length));
    await page.getByTestId('merchant-search').locator('input').fill(fragment);
    await page.getByTestId('merchant-search').locator('input').press('Enter');
    await page.waitForURL(/[?&]q=/);
    await page.locator('.ant-table-row', { hasText: firstName }).first().waitFor();

    await page.locator('.ant-table-row', { hasText: firstName }).first().click();
    await page.waitForURL(/\/merchants\/[^/?]+/);
    expect(await chartPoints(page)).toBeGreaterThan(0);
    await page.getByText(firstName).first().waitFor();
    await chartSettled(page);
    await h.screenshot(page, 'operator-merchant-en');
    await context.close();
  });

  it('shows a merchant its own overview and no operator pages', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    expect(await chartPoints(page)).toBeGreaterThan(0);
    expect(await kpiValue(page, 'gmv')).not.toBe('¥0.00');
    expect(await kpiValue(page, 'conversion')).toMatch(/%$/);
    const menu = await page.getByTestId('nav-menu').innerText();
    expect(menu).toContain('Overview');
    expect(menu).not.toContain('Merchants');
    await chartSettled(page);
    await h.screenshot(page, 'merchant-overview-en');

    await page.getByTestId('lang-switch').click();
    await page.getByText('访客数', { exact: true }).first().waitFor();
    await chartSettled(page);
    await h.screenshot(page, 'merchant-overview-zh');
    await context.close();
  });

  it("refuses a merchant another merchant's overview", async () => {
    const me = (await apiAs('merchant', '/v1/auth/me')) as { user: { partyId: string } };
    const list = (await apiAs('operator', '/v1/merchants?limit=10')) as { items: { id: string }[] };
    const other = list.items.find((m) => m.id !== me.user.partyId);
    expect(other, 'the demo marketplace has more than one merchant').toBeDefined();

    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/merchants/${encodeURIComponent(other?.id ?? '')}`);
    const error = page.getByTestId('query-error');
    await error.waitFor();
    expect(['403', '404']).toContain(await error.getAttribute('data-status'));
    await expect(page.getByTestId('trend-chart').count()).resolves.toBe(0);
    await expect(page.getByTestId('kpi-gmv').count()).resolves.toBe(0);
    await h.screenshot(page, 'merchant-forbidden-en');
    await context.close();
  });

  it('tells a creator honestly that earnings are not there yet', async () => {
    const { context, page } = await h.newPage({ locale: 'zh-CN' });
    await signIn(page, 'creator');
    const card = page.getByTestId('partner-placeholder');
    await card.waitFor();
    expect(await card.innerText()).toContain('佣金');
    await h.screenshot(page, 'creator-zh');
    await context.close();
  });
});
