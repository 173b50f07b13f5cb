// End-to-end checks of the audiences pages against a real demo server. The merchant builds an audience in the
// builder (a tag AND NOT another tag) and reads the same live size as POST /v1/audiences/size; saves it; reads a
// TGI figure of the insight as the API gives it; activates a coupon with a 10% holdout and reads the treatment and
// holdout counts and results as the API gives them. The visitors page splits a store's visitors into customers
// and prospects that add up. The operator reads the tag catalog and its build, is refused a privacy threshold
// below 10 beside the field, then sets one. Every page again in Chinese. The demo keeps trading meanwhile: figures
// are compared once the page has settled, and re-read when the data moved between the two reads.
// Screenshots: test/browser/screenshots/audiences-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Harness,
  openMenu,
  type PageCheck,
  readPages,
  settle,
  signIn,
  startHarness,
} from './harness.ts';

let h: Harness;
/** Names unique per run, so a reused server (TRIBUTARY_BROWSER_URL) never shows an older row. */
const run = Date.now().toString(36).slice(-5);
const AUDIENCE = `Test audience ${run}`;
const COUPON = `Audience coupon ${run}`;

const as = <T>(login: string, url: string, init?: { method?: string; body?: unknown }) =>
  h.api.as<T>(login, url, init);

async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await h.screenshot(page, `audiences-${name}`);
}

/** Digits of a formatted figure: "12,345" → 12345. */
const num = (text: string) => Number(text.replace(/[^\d-]/g, ''));

/**
 * Picks an option of an antd select by typing to search, then clicking the first visible option showing `label`
 * (an earlier select's dropdown may still be in the page, closing or hidden: only visible options count).
 */
async function choose(page: Page, testId: string, search: string, label?: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  const option = page
    .locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
      label ? { hasText: label } : {},
    )
    .filter({ visible: true })
    .first();
  await option.waitFor();
  await option.click();
}

interface TagValue {
  key: string;
  label: string;
  labelZh: string;
  users: number;
}
interface Catalog {
  build: number;
  users: number;
  groups: { key: string; values: TagValue[] }[];
}
interface SizeResult {
  size: number;
  build: number;
}
interface Insight {
  minCell: number;
  dimensions: {
    key: string;
    values: { key: string; count: number | null; tgi: number | null; suppressed: boolean }[];
  }[];
}
interface Activation {
  id: string;
  holdoutPct: number;
  treatment: number;
  holdout: number;
  issued: number;
}
interface ActivationDetail extends Activation {
  results: {
    treatment: { users: number; buyers: number; orders: number; gmv: number };
    holdout: { users: number; buyers: number; orders: number; gmv: number };
  };
}
interface Tiers {
  tiers: Record<string, number>;
  visitors: { total: number; customers: number; prospects: number };
}

let merchantId = '';
let storeId = '';
let include: TagValue;
let exclude: TagValue;
let audienceId = '';
let templateId = '';

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await as<{ user: { partyId: string } }>('merchant', '/v1/auth/me')).user.partyId;
  // Tags exist once a build has run; a fresh demo may not have one yet.
  const status = await as<{ build: number }>('operator', '/v1/audiences/status');
  if (!status.build) await as('operator', '/v1/audiences/rebuild', { method: 'POST' });
  const catalog = await as<Catalog>('merchant', '/v1/audiences/tags');
  const largest = (group: string) =>
    [...(catalog.groups.find((g) => g.key === group)?.values ?? [])].sort((a, b) => b.users - a.users)[0];
  // A large tag, less another one: an audience of a good size whatever the demo's mix.
  const a = largest('gender');
  const b = largest('price_sensitivity');
  if (!a || !b) throw new Error('the tag catalog has no gender or price sensitivity tags');
  include = a;
  exclude = b;
  const stores = await as<{ items: { id: string }[] }>('merchant', '/v1/scores/stores?limit=100');
  storeId = stores.items[0]?.id ?? '';
  if (!storeId) throw new Error('the demo merchant has no store');
  // A coupon template of the merchant's with room for any audience.
  const day = 86_400_000;
  const t = await as<{ id: string }>('merchant', '/v1/pricing/coupon-templates', {
    method: 'POST',
    body: {
      name: COUPON,
      kind: 'store',
      merchantId,
      scope: { storeIds: [storeId] },
      rule: { type: 'amount', min: 6000, off: 500 },
      status: 'active',
      totalQuantity: 10_000_000,
      perUserLimit: 1,
      claimStartsAt: new Date(Date.now() - day).toISOString(),
      claimEndsAt: new Date(Date.now() + 30 * day).toISOString(),
      validity: { days: 7 },
    },
  });
  templateId = t.id;
}, 200_000);

afterAll(async () => {
  // The privacy threshold back to its default for whatever runs next.
  if (!h) return;
  await as('operator', '/v1/audiences/settings', { method: 'PUT', body: { minCell: 50 } }).catch(() => {});
  await h.close();
});

describe('audiences console', () => {
  it('builds an audience with a live size equal to the API’s, and saves it', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await openMenu(page, 'audiences');
    await page.getByTestId('aud-table').waitFor();
    await shot(page, 'list-empty');
    await page.getByTestId('aud-create').click();
    await page.waitForURL(/\/audiences\/new$/);
    await expect.poll(() => page.getByTestId('live-size').getAttribute('data-state')).toBe('incomplete');

    // include AND NOT exclude
    await page.getByTestId('add-tag-root').click();
    await choose(page, 'tag-0', include.key, include.label);
    await page.getByTestId('add-tag-root').click();
    // An unfinished condition holds the size back and says what is missing.
    await page.getByTestId('cond-1').getByTestId('cond-hint').waitFor();
    await choose(page, 'tag-1', exclude.key, exclude.label);
    await page.getByTestId('not-1').click();
    await expect.poll(() => page.getByTestId('cond-1').getAttribute('data-not')).toBe('true');

    const expression = { op: 'and', args: [{ tag: include.key }, { op: 'not', arg: { tag: exclude.key } }] };
    const live = page.locator('[data-testid="live-size"][data-state="ready"]');
    await live.waitFor({ timeout: 30_000 });
    // The same expression through the API: equal, unless a tag build landed between the two reads.
    await expect
      .poll(
        async () => {
          const api = await as<SizeResult>('merchant', '/v1/audiences/size', {
            method: 'POST',
            body: { merchantId, expression },
          });
          const ui = Number(await live.getAttribute('data-size'));
          if (ui !== api.size) {
            // Ask the page again (flip the operator twice) so both read the newest build.
            await page.getByTestId('op-root').getByText('Any of these (OR)').click();
            await page.getByTestId('op-root').getByText('All of these (AND)').click();
            await live.waitFor({ timeout: 30_000 });
          }
          return ui === api.size && ui > 0;
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toBe(true);
    const shown = num(await page.getByTestId('live-size').locator('.ant-statistic-content').innerText());
    expect(shown).toBe(Number(await live.getAttribute('data-size')));
    await shot(page, 'builder');

    // The insight of the expression before it is saved.
    await page.getByTestId('aud-preview').click();
    await page
      .locator('.ant-drawer [data-testid="dim-age"] [data-testid="dim-chart"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await shot(page, 'builder-preview');
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer [data-testid="insight"]').waitFor({ state: 'detached' });

    await page.getByTestId('aud-name').fill(AUDIENCE);
    await page.getByTestId('aud-save').click();
    await page.waitForURL(/\/audiences\/(?!new)[^/]+$/);
    audienceId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const saved = await as<{ name: string; size: number; expression: unknown }>(
      'merchant',
      `/v1/audiences/${encodeURIComponent(audienceId)}`,
    );
    expect(saved.name).toBe(AUDIENCE);
    expect(saved.expression).toEqual(expression);
    await expect
      .poll(async () => num(await page.getByTestId('aud-detail-size').innerText()))
      .toBe(saved.size);
    await context.close();
  });

  it('shows the server’s refusal beside the condition it concerns', async () => {
    // A link naming another merchant's store tier (as one could craft it): the builder asks, the API refuses.
    const square = await as<{ items: { storeId: string; merchantId: string }[] }>(
      'creator',
      '/v1/distribution/products?limit=200',
    );
    const foreign = square.items.find((p) => p.merchantId !== merchantId);
    if (!foreign) throw new Error('no other merchant’s store on the square');
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/audiences/new?store=${encodeURIComponent(foreign.storeId)}&tier=customers`);
    const issue = page.getByTestId('cond-0').getByTestId('cond-issue');
    await issue.waitFor({ timeout: 30_000 });
    expect(await issue.innerText()).toBe('Not one of your stores');
    await expect.poll(() => page.getByTestId('live-size').getAttribute('data-state')).toBe('error');
    await shot(page, 'builder-refused');
    await context.close();
  });

  it('shows the insight with the API’s TGI, suppressed cells never as 0', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/audiences/${encodeURIComponent(audienceId)}`);
    await page
      .locator('[data-testid="dim-age"] [data-testid="dim-chart"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await shot(page, 'detail');
    await page.getByTestId('insight-view').getByText('Table').click();
    await page.getByTestId('dim-age').locator('[data-testid="tgi"]').first().waitFor();

    await expect
      .poll(
        async () => {
          const api = await as<Insight>(
            'merchant',
            `/v1/audiences/${encodeURIComponent(audienceId)}/insight?base=platform`,
          );
          const dim = api.dimensions.find((d) => d.values.some((v) => v.tgi !== null));
          const cell = dim?.values.find((v) => v.tgi !== null);
          if (!dim || !cell) return 'no cell with a TGI';
          const row = page.getByTestId(`dim-${dim.key}`).getByTestId(`cell-${cell.key}`);
          const tgi = await row.getByTestId('tgi').innerText();
          // Suppressed cells read "< minCell", greyed, never a count of 0.
          const hidden = api.dimensions.flatMap((d) =>
            d.values.filter((v) => v.suppressed).map((v) => [d.key, v.key]),
          );
          for (const [d, k] of hidden.slice(0, 3)) {
            const count = await page
              .getByTestId(`dim-${d}`)
              .getByTestId(`cell-${k}`)
              .getByTestId('count')
              .innerText();
            if (count !== `< ${api.minCell}`) return `suppressed ${k} reads ${count}`;
          }
          return tgi === String(cell.tgi) ? 'ok' : `${cell.key}: page ${tgi}, API ${cell.tgi}`;
        },
        { timeout: 60_000, interval: 1500 },
      )
      .toBe('ok');
    await shot(page, 'insight-table');

    // Against the merchant's customers the base changes.
    await page.getByTestId('insight-base').getByText('My customers').click();
    await expect
      .poll(() => page.getByTestId('insight').getAttribute('data-base'), { timeout: 30_000 })
      .toBe('customers');
    await context.close();
  });

  it('activates a coupon with a 10% holdout and shows treatment and holdout as the API does', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/audiences/${encodeURIComponent(audienceId)}`);
    await page.getByTestId('aud-activate').click();
    await page.getByTestId('activation-form').waitFor();
    // The holdout starts at 10%.
    await expect
      .poll(() =>
        page.getByTestId('activation-form').locator('.ant-slider-handle').getAttribute('aria-valuenow'),
      )
      .toBe('10');
    await choose(page, 'activation-template', COUPON, COUPON);
    // The picker may stay open over the button: close it by clicking beside it.
    await page.getByText('Reach the audience inside the platform').click();
    await page
      .locator('.ant-select-dropdown:visible')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    expect(await page.getByTestId('activation-form').innerText()).toContain(COUPON);
    await shot(page, 'activation-form');
    await page.getByTestId('activation-submit').click();
    await page.getByTestId('activation-form').waitFor({ state: 'detached', timeout: 60_000 });

    const list = await as<{ items: Activation[] }>(
      'merchant',
      `/v1/audiences/activations?audienceId=${encodeURIComponent(audienceId)}`,
    );
    const act = list.items[0];
    expect(act).toBeDefined();
    if (!act) return;
    expect(act.holdoutPct).toBe(10);
    const all = act.treatment + act.holdout;
    expect(act.holdout / all).toBeGreaterThan(0.05);
    expect(act.holdout / all).toBeLessThan(0.15);
    const target = (act as unknown as { target: { couponTemplateId?: string } }).target;
    expect(JSON.stringify(target)).toContain(templateId);

    const row = page.getByTestId(`act-row-${act.id}`);
    await row.waitFor();
    expect(num(await row.getByTestId('act-treatment').innerText())).toBe(act.treatment);
    expect(num((await row.getByTestId('act-holdout').innerText()).split('(')[0] ?? '')).toBe(act.holdout);
    expect(num(await row.getByTestId('act-issued').innerText())).toBe(act.issued);

    // Results since the activation: users per group as the API counts them (orders may arrive meanwhile).
    const results = page.getByTestId(`results-${act.id}`);
    await results.waitFor();
    await expect
      .poll(
        async () => {
          const d = await as<ActivationDetail>(
            'merchant',
            `/v1/audiences/activations/${encodeURIComponent(act.id)}`,
          );
          const users = async (g: string) =>
            num(await results.getByTestId(`res-${g}`).getByTestId('res-users').innerText());
          const buyers = async (g: string) =>
            num(await results.getByTestId(`res-${g}`).getByTestId('res-buyers').innerText());
          return (
            (await users('treatment')) === d.results.treatment.users &&
            (await users('holdout')) === d.results.holdout.users &&
            (await buyers('treatment')) <= d.results.treatment.buyers
          );
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(act.treatment).toBeGreaterThan(0);
    await shot(page, 'activations');
    await context.close();
  });

  it('expands the audience by lookalike into a new audience of the size asked', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/audiences/${encodeURIComponent(audienceId)}`);
    await page.getByTestId('aud-lookalike').click();
    const size = page
      .locator('input[data-testid="lookalike-size"], [data-testid="lookalike-size"] input')
      .first();
    await size.fill('300');
    await shot(page, 'lookalike');
    await page.getByTestId('lookalike-submit').click();
    await page.waitForURL((u) => !u.pathname.endsWith(encodeURIComponent(audienceId)), { timeout: 60_000 });
    const newId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const made = await as<{ size: number; expression: unknown }>(
      'merchant',
      `/v1/audiences/${encodeURIComponent(newId)}`,
    );
    expect(made.expression).toEqual({ lookalike: { audience: audienceId, size: 300 } });
    await expect.poll(async () => num(await page.getByTestId('aud-detail-size').innerText())).toBe(made.size);
    expect(made.size).toBeLessThanOrEqual(300);
    await context.close();
  });

  it('splits the store’s visitors into customers and prospects that add up', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await openMenu(page, 'visitors');
    await page.getByTestId('visitors-total').waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () => {
          const api = await as<Tiers>(
            'merchant',
            `/v1/audiences/stores/${encodeURIComponent(storeId)}/tiers`,
          );
          const total = num(await page.getByTestId('visitors-total').innerText());
          const customers = num(await page.getByTestId('visitors-customers').innerText());
          const prospects = num(await page.getByTestId('visitors-prospects').innerText());
          if (customers + prospects !== total) return `${customers} + ${prospects} ≠ ${total}`;
          if (total !== api.visitors.total) {
            await page.reload();
            await page.getByTestId('visitors-total').waitFor();
            return `page ${total}, API ${api.visitors.total}`;
          }
          for (const t of ['customers', 'intent', 'potential', 'competitor']) {
            const c = Number(await page.getByTestId(`tier-${t}`).getAttribute('data-count'));
            if (c !== api.tiers[t]) return `${t}: page ${c}, API ${api.tiers[t]}`;
          }
          return 'ok';
        },
        { timeout: 60_000, interval: 1500 },
      )
      .toBe('ok');
    await page.locator('[data-testid="visitors-chart"][data-rendered]').waitFor();
    await shot(page, 'visitors');
    await context.close();
  });

  it('shows the operator the tag catalog and refuses a privacy threshold below 10 beside the field', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await openMenu(page, 'tag-catalog');
    await page.getByTestId('group-row-gender').waitFor({ timeout: 60_000 });
    const status = await as<{ build: number; users: number }>('operator', '/v1/audiences/status');
    await expect
      .poll(async () => num(await page.getByTestId('status-build').innerText()))
      .toBeGreaterThanOrEqual(status.build);
    // Rebuild now: a newer build shows.
    await page.getByTestId('rebuild').click();
    await expect
      .poll(async () => num(await page.getByTestId('status-build').innerText()), { timeout: 60_000 })
      .toBeGreaterThan(status.build);
    await page.getByTestId('group-row-gender').click();
    await page.getByTestId(`tag-users-${include.key}`).waitFor();

    const input = page.getByTestId('min-cell');
    await input.fill('5');
    await page.getByTestId('min-cell-save').click();
    const issue = page.getByTestId('field-minCell').getByTestId('field-issue');
    await issue.waitFor();
    expect(await issue.innerText()).toContain('10');
    expect((await as<{ minCell: number }>('operator', '/v1/audiences/settings')).minCell).not.toBe(5);
    await shot(page, 'catalog-refused');

    await input.fill('60');
    await page.getByTestId('min-cell-save').click();
    await expect
      .poll(async () => (await as<{ minCell: number }>('operator', '/v1/audiences/settings')).minCell)
      .toBe(60);
    await issue.waitFor({ state: 'detached' });
    await shot(page, 'catalog');
    await as('operator', '/v1/audiences/settings', { method: 'PUT', body: { minCell: 50 } });
    await context.close();
  });

  it('reads naturally in Chinese on every page', async () => {
    const visit = (login: string, pages: PageCheck[]) => readPages(h, login, pages, shot);
    await visit('merchant', [
      {
        path: '/audiences',
        name: 'list',
        texts: ['人群', '新建人群', '人数', '更新方式', AUDIENCE],
        wait: 'aud-table',
      },
      {
        path: `/audiences/${encodeURIComponent(audienceId)}/edit`,
        name: 'builder',
        texts: ['圈人条件', '实时人数', '满足全部（且）', '排除', include.labelZh],
        wait: 'live-size',
      },
      {
        path: `/audiences/${encodeURIComponent(audienceId)}`,
        name: 'detail',
        texts: [
          '人群洞察',
          '对比基准',
          '全平台消费者',
          '年龄',
          '地域',
          '快照',
          '触达记录',
          '实验组',
          '对照组',
          '转化率',
        ],
        wait: 'dim-chart',
      },
      {
        path: '/visitors',
        name: 'visitors',
        texts: ['访客分析', '已购客户', '意向客户', '潜在客户', '竞品客户', '潜客'],
        wait: 'visitors-total',
      },
    ]);
    await visit('operator', [
      {
        path: '/tag-catalog',
        name: 'catalog',
        texts: ['标签目录', '构建序号', '立即重建', '隐私阈值', '最小展示人数', '年龄', '洞察维度'],
        wait: 'catalog-groups',
      },
    ]);
  });
});
