// End-to-end checks of the pricing pages against a real demo server: a merchant creates a tiered
// 满减 promotion (the form explains the mistake before saving), a coupon template, then prices a
// cart in the simulator and reads its price paths, unused reasons and add-on suggestions; both
// languages; the operator's view of every merchant's promotions.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, signIn, startHarness } from './harness.ts';

let h: Harness;
/** Names unique per run, so a reused server (TRIBUTARY_BROWSER_URL) never shows an older row. */
const run = Date.now().toString(36).slice(-5);
const OFFER = `Autumn 满减 ${run}`;
const COUPON = `Store ¥10 off ¥100 ${run}`;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const apiAs = <T>(login: string, path: string): Promise<T> => h.api.as<T>(login, path);

const field = (page: Page, path: string) => page.locator(`[data-testid="field-${path}"]`);
const input = (page: Page, path: string) => field(page, path).locator('input').first();

/** Types into a field and waits until the live validation has answered for it. */
async function typeInto(page: Page, path: string, value: string): Promise<void> {
  await input(page, path).fill(value);
  await input(page, path).blur();
}

/** Waits for the live validation to answer for what was just typed; returns its state. */
async function settled(page: Page): Promise<string> {
  const state = page.getByTestId('validation-state');
  // The check is debounced: it starts (state "checking") within a moment of the last keystroke.
  await page
    .locator('[data-testid="validation-state"][data-state="checking"]')
    .waitFor({ timeout: 1000 })
    .catch(() => {});
  await page.waitForFunction(
    () =>
      document.querySelector('[data-testid="validation-state"]')?.getAttribute('data-state') !== 'checking',
  );
  return (await state.getAttribute('data-state')) ?? '';
}

/** Screenshots to look at while working (not kept): the offer form with its explanations. */
async function scratchShot(page: Page, name: string): Promise<void> {
  const dir = path.resolve('.scratch');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** Drawers slide out for 0.3 s after they close: screenshots wait until the page is clear. */
const animationsDone = (page: Page) => page.waitForTimeout(500);

async function openMenu(page: Page, key: string, url: RegExp): Promise<void> {
  await page.getByTestId(`menu-${key}`).click();
  await page.waitForURL(url);
}

describe('pricing console', () => {
  // The three merchant flows share one signed-in page: each builds on what the previous created.
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const p = await h.newPage();
    page = p.page;
    close = () => p.context.close();
    await signIn(page, 'merchant');
  });
  afterAll(async () => {
    await close?.();
  });

  it('lets a merchant create a tiered 满减 promotion, explaining the mistake first', async () => {
    const menu = await page.getByTestId('nav-menu').innerText();
    expect(menu).toContain('Promotions');
    expect(menu).toContain('Coupons');
    expect(menu).toContain('Price simulator');
    await openMenu(page, 'promotions', /\/promotions$/);
    await page.getByTestId('offers-table').waitFor();

    await page.getByTestId('new-offer').click();
    await page.getByTestId('offer-form').waitFor();
    await page.getByTestId('offer-name').fill(OFFER);
    // The merchant's store is preselected; the first tier gets a saving as large as its threshold.
    await expect(page.getByTestId('scope-stores').innerText()).resolves.toMatch(/s\d+/);
    await typeInto(page, 'rule.tiers.0.min', '199');
    await typeInto(page, 'rule.tiers.0.off', '199');
    expect(await settled(page)).toBe('issues');
    const issue = field(page, 'rule.tiers.0.off').getByTestId('field-issue');
    expect(await issue.innerText()).toBe(
      'Spend ¥199 save ¥199 would make the goods free: the saving must be less than the threshold.',
    );
    await h.screenshot(page, 'pricing-offer-error-en');
    await field(page, 'rule.tiers.0.off').scrollIntoViewIfNeeded();
    await scratchShot(page, 'offer-form-issues-en');

    // Fixed, and a second tier: the explanation goes away and the form reads as valid.
    await typeInto(page, 'rule.tiers.0.off', '20');
    await page.getByTestId('add-tier').click();
    await typeInto(page, 'rule.tiers.1.min', '299');
    await typeInto(page, 'rule.tiers.1.off', '40');
    await issue.waitFor({ state: 'detached' });
    expect(await settled(page)).toBe('valid');
    await page.getByTestId('offer-save').click();
    await page.getByTestId('offer-form').waitFor({ state: 'detached' });

    const row = page.locator('.ant-table-row', { hasText: OFFER });
    await row.waitFor();
    expect(await row.getByTestId('offer-rule').innerText()).toBe('Spend ¥199 save ¥20 · Spend ¥299 save ¥40');
    expect(await row.innerText()).toContain('Active');
    await animationsDone(page);
    await h.screenshot(page, 'pricing-promotions-en');

    await row.getByTestId('action-stats').click();
    const stats = page.getByTestId('offer-stats');
    await stats.waitFor();
    expect(await stats.getByTestId('kpi-orders').innerText()).toContain('0');
    await h.screenshot(page, 'pricing-offer-stats-en');
    await page.keyboard.press('Escape');
    await stats.waitFor({ state: 'hidden' });
    await animationsDone(page);
  });

  it('lets the merchant create a coupon template', async () => {
    await openMenu(page, 'coupons', /\/coupons$/);
    await page.getByTestId('coupons-table').waitFor();
    await page.getByTestId('new-coupon').click();
    await page.getByTestId('coupon-form').waitFor();
    await page.getByTestId('coupon-name').fill(COUPON);
    await typeInto(page, 'rule.min', '100');
    await typeInto(page, 'rule.off', '10');
    await typeInto(page, 'totalQuantity', '500');
    await typeInto(page, 'perUserDailyLimit', '1');
    expect(await settled(page)).toBe('valid');
    await h.screenshot(page, 'pricing-coupon-form-en');
    await page.getByTestId('coupon-save').click();
    await page.getByTestId('coupon-form').waitFor({ state: 'detached' });

    const row = page.locator('.ant-table-row', { hasText: COUPON });
    await row.waitFor();
    expect(await row.getByTestId('coupon-rule').innerText()).toBe('¥10 off ¥100');
    expect(await row.innerText()).toContain('0 / 500');
    await animationsDone(page);
    await h.screenshot(page, 'pricing-coupons-en');

    await row.getByTestId('action-stats').click();
    await page.getByTestId('coupon-stats').waitFor();
    expect(await page.getByTestId('kpi-claimed').innerText()).toContain('0 / 500');
    await h.screenshot(page, 'pricing-coupon-stats-en');
    await page.keyboard.press('Escape');
    await page.getByTestId('coupon-stats').waitFor({ state: 'hidden' });
    await animationsDone(page);

    // Editing takes the daily limit away again: the emptied field is cleared on the server (null).
    await row.getByTestId('action-edit').click();
    await page.getByTestId('coupon-form').waitFor();
    expect(await input(page, 'perUserDailyLimit').inputValue()).toBe('1');
    await typeInto(page, 'perUserDailyLimit', '');
    expect(await settled(page)).toBe('valid');
    await page.getByTestId('coupon-save').click();
    await page.getByTestId('coupon-form').waitFor({ state: 'detached' });
    const { items } = await apiAs<{ items: { name: string; version: number; perUserDailyLimit?: number }[] }>(
      'merchant',
      '/v1/pricing/coupon-templates?limit=200',
    );
    const saved = items.find((x) => x.name === COUPON);
    expect(saved?.version).toBe(2);
    expect(saved).not.toHaveProperty('perUserDailyLimit');
    await animationsDone(page);
  });

  it('prices a cart in the simulator, with price paths, reasons and add-on suggestions', async () => {
    // A listed SKU below the first tier, so one unit falls short and two reach 满199.
    const me = await apiAs<{ user: { partyId: string } }>('merchant', '/v1/auth/me');
    const { items } = await apiAs<{
      items: {
        id: string;
        title: string;
        status: string;
        skus: { id: string; price: number; stock: number }[];
      }[];
    }>('merchant', `/v1/merchants/${me.user.partyId}/products?limit=200`);
    const pick = items
      .filter((p) => p.status === 'listed')
      .flatMap((p) => p.skus.map((s) => ({ ...s, product: p })))
      .find((s) => s.price >= 10000 && s.price < 19900 && s.stock >= 5);
    expect(pick, 'the demo merchant has a listed SKU between ¥100 and ¥199').toBeDefined();
    if (!pick) return;

    await openMenu(page, 'pricing/simulator', /\/pricing\/simulator$/);
    await page.getByTestId('sim-anonymous').waitFor();
    await page.getByTestId('sim-product').click();
    await page.keyboard.type(pick.product.id);
    await page.locator('.ant-select-item-option', { hasText: pick.product.title }).first().click();
    await page.getByTestId('sim-sku').locator('input').fill(pick.id);
    await page.getByTestId('sim-add').click();
    await page.getByTestId('sim-cart').locator('.ant-table-row', { hasText: pick.id }).waitFor();

    await page.getByTestId('sim-quote').click();
    await page.getByTestId('quote-result').waitFor();
    const short = page.getByTestId('unused-table').locator('.ant-table-row', { hasText: OFFER });
    await short.waitFor();
    expect(await short.getByTestId('unused-reason').getAttribute('data-reason')).toBe('threshold_short');
    expect(await short.getByTestId('unused-reason').innerText()).toMatch(
      /^Threshold short by ¥[\d,]+\.\d\d$/,
    );
    const addOn = page.getByTestId('addon').filter({ hasText: OFFER });
    await addOn.first().waitFor();
    expect(await addOn.first().innerText()).toMatch(/more reaches the ¥199 tier/);
    await h.screenshot(page, 'pricing-simulator-short-en');

    // Two units reach the first tier: a store discount shows in the line's price path, and the new
    // promotion is either applied or explained (another store offer may take the same slot).
    const quantity = page.getByTestId('sim-cart').locator('.ant-table-row').first().locator('input');
    await quantity.fill('2');
    await quantity.blur();
    await page.getByTestId('sim-quote').click();
    const step = page.locator('[data-testid="path-step"][data-layer="store"]');
    await step.first().waitFor();
    const applied = await page.getByTestId('applied-table').innerText();
    if (!applied.includes(OFFER)) {
      const reason = page.getByTestId('unused-table').locator('.ant-table-row', { hasText: OFFER });
      expect(await reason.getByTestId('unused-reason').getAttribute('data-reason')).toMatch(
        /slot_taken|excluded_by_group|better_price/,
      );
    }
    expect(await page.getByTestId('quote-exact').getAttribute('data-exact')).toBe('true');
    await h.screenshot(page, 'pricing-simulator-en');

    await page.getByTestId('lang-switch').click();
    await page.getByText('实付金额', { exact: true }).first().waitFor();
    await animationsDone(page);
    expect(await page.getByTestId('nav-menu').innerText()).toContain('价格试算');
    expect(await step.first().innerText()).toContain('店铺优惠');
    await h.screenshot(page, 'pricing-simulator-zh');

    await openMenu(page, 'promotions', /\/promotions$/);
    const row = page.locator('.ant-table-row', { hasText: OFFER });
    await row.waitFor();
    expect(await row.getByTestId('offer-rule').innerText()).toBe('满199减20 · 满299减40');
    expect(await row.innerText()).toContain('进行中');
    await animationsDone(page);
    await h.screenshot(page, 'pricing-promotions-zh');

    // The Chinese form explains the same mistakes in Chinese, from the issues' codes: a saving at or
    // above its threshold, and a second tier below the first.
    await page.getByTestId('new-offer').click();
    await page.getByTestId('offer-form').waitFor();
    await typeInto(page, 'rule.tiers.0.min', '100');
    await typeInto(page, 'rule.tiers.0.off', '150');
    expect(await settled(page)).toBe('issues');
    const issue = field(page, 'rule.tiers.0.off').getByTestId('field-issue');
    expect(await issue.innerText()).toBe('满¥100减¥150 会让商品免费：优惠金额必须小于门槛。');
    await typeInto(page, 'rule.tiers.0.off', '100');
    expect(await settled(page)).toBe('issues');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="field-rule.tiers.0.off"] [data-testid="field-issue"]')
          ?.textContent === '满¥100减¥100 会让商品免费：优惠金额必须小于门槛。',
    );
    await page.getByTestId('add-tier').click();
    await typeInto(page, 'rule.tiers.1.min', '50');
    await typeInto(page, 'rule.tiers.1.off', '10');
    expect(await settled(page)).toBe('issues');
    const overlap = field(page, 'rule.tiers.1.min').getByTestId('field-issue');
    expect(await overlap.innerText()).toBe(
      '第2档门槛（¥50）须高于第1档（¥100）：请从低到高设置各档，避免重叠。',
    );
    await h.screenshot(page, 'pricing-offer-error-zh');
    await field(page, 'rule.tiers.0.off').scrollIntoViewIfNeeded();
    await scratchShot(page, 'offer-form-issues-zh');
    await page.getByTestId('offer-cancel').click();
    await page.getByTestId('offer-form').waitFor({ state: 'detached' });
    await animationsDone(page);

    await openMenu(page, 'coupons', /\/coupons$/);
    const coupon = page.locator('.ant-table-row', { hasText: COUPON });
    await coupon.waitFor();
    expect(await coupon.getByTestId('coupon-rule').innerText()).toBe('满100减10');
    await animationsDone(page);
    await h.screenshot(page, 'pricing-coupons-zh');

    await coupon.getByTestId('action-stats').click();
    await page.getByTestId('coupon-stats').waitFor();
    expect(await page.getByTestId('kpi-claimed').innerText()).toContain('已领取');
    await animationsDone(page);
    await h.screenshot(page, 'pricing-coupon-stats-zh');
    await page.keyboard.press('Escape');
    await page.getByTestId('coupon-stats').waitFor({ state: 'hidden' });
    await animationsDone(page);

    await page.getByTestId('new-coupon').click();
    await page.getByTestId('coupon-form').waitFor();
    await typeInto(page, 'rule.min', '50');
    await typeInto(page, 'rule.off', '50');
    expect(await settled(page)).toBe('issues');
    expect(await field(page, 'rule.off').getByTestId('field-issue').innerText()).toContain('须小于使用门槛');
    await h.screenshot(page, 'pricing-coupon-form-zh');
  });
});

describe('pricing console for operators', () => {
  it("shows the operator every merchant's promotions, filterable by merchant", async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await openMenu(page, 'promotions', /\/promotions$/);
    const row = page.locator('.ant-table-row', { hasText: OFFER });
    await row.waitFor();
    const me = await apiAs<{ user: { partyId: string } }>('merchant', '/v1/auth/me');
    expect(await row.innerText()).toContain(me.user.partyId);

    await h.screenshot(page, 'pricing-operator-promotions-en');

    // Operators may create platform kinds: a cross-store offer, which has no merchant.
    await page.getByTestId('new-offer').click();
    await page.getByTestId('offer-form').waitFor();
    // On a loaded machine a click can fall between the dropdown's frames and the kind stays: choose it again.
    const merchant = field(page, 'merchantId');
    for (let i = 0; i < 5 && (await merchant.count()) > 0; i++) {
      await page.getByTestId('offer-kind').click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', {
          hasText: 'Cross-store spend & save',
        })
        .click();
      await merchant.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => {});
    }
    await merchant.waitFor({ state: 'detached' });
    await animationsDone(page);
    await h.screenshot(page, 'pricing-operator-offer-form-en');
    await context.close();
  });
});
