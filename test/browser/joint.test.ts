// End-to-end checks of the joint marketing pages against a real demo server. The demo merchant creates a
// cross-store threshold campaign (满199减100) in the console inviting a partner store; the partner's merchant accepts
// (through the API, with a merchant key the operator issues: the demo has one merchant login). The partner then
// invites the demo merchant to its own campaign, and the demo merchant accepts in the console's invitations tab.
// The campaign's dashboard, pool with a cross-store cart quote and participants render as the API gives them; the
// partners page shows the recommendations of the API; the operator whitelists the demo merchant, which then joins
// a crowdfunded ad the partner started; the operator's oversight and partner statistics pages work. Every page
// again in Chinese. Screenshots: test/browser/screenshots/joint-*.png.
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
const NAME = `Dinner party ${run}`;
const NAME_ZH = `跨店晚宴 ${run}`;
const DAY = 86_400_000;

const as = <T>(login: string, url: string, init?: { method?: string; body?: unknown }) =>
  h.api.as<T>(login, url, init);
/** A call as the partner's merchant (an API key: the demo has one merchant login). */
const asPartner = <T>(url: string, init?: { method?: string; body?: unknown }) =>
  h.api.call<T>(partnerKey, url, init);

async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await h.screenshot(page, `joint-${name}`);
}

interface Participant {
  storeId: string;
  merchantId: string;
  status: string;
  role: string;
}
interface Campaign {
  id: string;
  type: string;
  name: string;
  status: string;
  rules: { rule?: { type: string; tiers?: { min: number; off: number }[] } };
  participants: Participant[];
  ad: { raised: number; price: number; contributions: { storeId: string; status: string }[] } | null;
}
interface Partners {
  items: { storeId: string; storeName: string; merchantId: string; sharedCustomers: number }[];
}
interface Dashboard {
  totals: { gmv: number; orders: number };
  participants: { storeId: string; gmv: number }[];
}

let merchantId = '';
let ownStore = { id: '', name: '' };
let partner = { storeId: '', storeName: '', merchantId: '' };
let partnerKey = '';
let campaignId = '';
let invitedId = '';
let adId = '';

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await as<{ user: { partyId: string } }>('merchant', '/v1/auth/me')).user.partyId;
  const stores = await as<{ items: { id: string; name: string }[] }>(
    'merchant',
    '/v1/scores/stores?limit=100',
  );
  const first = stores.items[0];
  if (!first) throw new Error('the demo merchant has no store');
  ownStore = first;
  // The partner: the store's first recommended partner of another merchant.
  const recs = await as<Partners>(
    'merchant',
    `/v1/joint/partners?storeId=${encodeURIComponent(ownStore.id)}&limit=20`,
  );
  const rec = recs.items.find((p) => p.merchantId !== merchantId);
  if (!rec) throw new Error(`no recommended partner for ${ownStore.id}`);
  partner = { storeId: rec.storeId, storeName: rec.storeName, merchantId: rec.merchantId };
  partnerKey = (
    await as<{ token: string }>('operator', '/v1/api-keys', {
      method: 'POST',
      body: { role: 'merchant', partyId: partner.merchantId, label: `joint browser test ${run}` },
    })
  ).token;
}, 200_000);

afterAll(async () => {
  await h?.close();
});

describe('joint marketing console', () => {
  it('lets the merchant create a cross-store threshold campaign inviting a recommended partner', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await openMenu(page, 'joint');
    await page.getByTestId('joint-tabs').waitFor();
    await shot(page, 'list');

    // From the partners page's "invite" link: the store and the partner come filled in.
    const q = new URLSearchParams({ store: ownStore.id, invite: partner.storeId });
    await page.goto(`/joint/new?${q}`);
    await page.getByTestId('campaign-form').waitFor();
    await page.getByTestId('campaign-name').fill(NAME);
    await page.getByTestId('campaign-name-zh').fill(NAME_ZH);
    // The default tier reads 满199减100.
    expect(Number(await page.getByTestId('tier-0-min').inputValue())).toBe(199);
    expect(Number(await page.getByTestId('tier-0-off').inputValue())).toBe(100);
    await expect
      .poll(async () => page.getByTestId('campaign-invite').innerText(), { timeout: 30_000 })
      .toContain(partner.storeName);
    await page.getByTestId('decoration-enabled').click();
    await page.getByTestId('banner-text').fill('Spend ¥199, save ¥100 across stores');
    await page.getByTestId('banner-text-zh').fill('跨店满199减100');
    await page.getByTestId('decoration-preview').waitFor();
    await shot(page, 'create');

    await page.getByTestId('campaign-submit').click();
    await page.waitForURL(/\/joint\/campaigns\/[^/?]+/, { timeout: 60_000 });
    campaignId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const c = await as<Campaign>('merchant', `/v1/joint/campaigns/${encodeURIComponent(campaignId)}`);
    expect(c.name).toBe(NAME);
    expect(c.type).toBe('cross_store_threshold');
    expect(c.rules.rule).toEqual({ type: 'amount_tiers', tiers: [{ min: 19900, off: 10000 }] });
    expect(c.participants.find((p) => p.storeId === partner.storeId)?.status).toBe('invited');
    await page.getByTestId(`part-row-${partner.storeId}`).waitFor();
    expect(await page.getByTestId('campaign-rule').innerText()).toContain('199');
    await context.close();
  });

  it('shows the partner joining after it accepts', async () => {
    await asPartner(
      `/v1/joint/campaigns/${encodeURIComponent(campaignId)}/participants/${encodeURIComponent(partner.storeId)}/accept`,
      { method: 'POST', body: {} },
    );
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/joint/campaigns/${encodeURIComponent(campaignId)}`);
    const row = page.getByTestId(`part-row-${partner.storeId}`);
    await expect.poll(() => row.getByTestId('part-status').getAttribute('data-status')).toBe('accepted');
    // The organiser may remove it before start: the button is there.
    await row.getByTestId('remove').waitFor();
    await shot(page, 'detail');
    await page.getByTestId('tab-decoration').click();
    await page.getByTestId('decoration-banner').waitFor();
    expect(await page.getByTestId('decoration-banner').innerText()).toBe(
      'Spend ¥199, save ¥100 across stores',
    );
    await shot(page, 'decoration');
    await context.close();
  });

  it('lets the merchant accept an invitation in the console', async () => {
    const c = await asPartner<Campaign>('/v1/joint/campaigns', {
      method: 'POST',
      body: {
        type: 'cross_store_coupon',
        name: `Partner coupon ${run}`,
        nameZh: `伙伴跨店券 ${run}`,
        storeId: partner.storeId,
        startsAt: new Date(Date.now() + DAY).toISOString(),
        endsAt: new Date(Date.now() + 10 * DAY).toISOString(),
        rules: { coupon: { type: 'amount', min: 9900, off: 2000 }, quantity: 1000 },
        invite: [ownStore.id],
      },
    });
    invitedId = c.id;
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto('/joint?tab=invited');
    const row = page.getByTestId(`campaign-row-${invitedId}`);
    await row.waitFor({ timeout: 30_000 });
    await shot(page, 'invitations');
    await row.getByTestId('accept').click();
    await page.getByTestId('accept-ok').click();
    await expect
      .poll(
        async () =>
          (
            await as<Campaign>('merchant', `/v1/joint/campaigns/${encodeURIComponent(invitedId)}`)
          ).participants.find((p) => p.storeId === ownStore.id)?.status,
        { timeout: 30_000 },
      )
      .toBe('accepted');
    // Now a campaign the merchant joined.
    await page.getByTestId('tab-participant').click();
    await page.getByTestId(`campaign-row-${invitedId}`).waitFor();
    await context.close();
  });

  it('renders the shared dashboard and prices a cross-store cart from the pool', async () => {
    // A running campaign with sales when the demo has one, else the campaign made above (nothing sold yet).
    const running = await as<{ items: Campaign[] }>(
      'operator',
      '/v1/joint/campaigns?status=running&limit=50',
    );
    const target =
      running.items.find((c) =>
        c.participants.some((p) => p.merchantId === merchantId && p.status === 'accepted'),
      )?.id ?? campaignId;
    const d = await as<Dashboard>('merchant', `/v1/joint/campaigns/${encodeURIComponent(target)}/dashboard`);
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.goto(`/joint/campaigns/${encodeURIComponent(target)}?tab=dashboard`);
    await page.getByTestId('dashboard').waitFor({ timeout: 60_000 });
    await page.getByTestId('kpi-orders').waitFor();
    if (d.totals.orders > 0) {
      await page.locator('[data-testid="participant-chart"][data-rendered]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="daily-chart"][data-rendered]').waitFor({ timeout: 30_000 });
      // One row per participating store, as the API lists them.
      await expect
        .poll(() => page.getByTestId('dashboard-table').locator('tbody tr[data-testid^="dash-row-"]').count())
        .toBe(d.participants.length);
    }
    // Orders as the API counts them (the demo keeps trading: read again until both agree).
    await expect
      .poll(
        async () => {
          const api = await as<Dashboard>(
            'merchant',
            `/v1/joint/campaigns/${encodeURIComponent(target)}/dashboard`,
          );
          const shown = Number(
            (await page.getByTestId('kpi-orders').locator('.ant-statistic-content').innerText()).replace(
              /\D/g,
              '',
            ),
          );
          if (shown !== api.totals.orders) await page.reload();
          return shown === api.totals.orders;
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toBe(true);
    await shot(page, 'dashboard');

    await page.getByTestId('tab-pool').click();
    await page.getByTestId('pool-table').waitFor();
    const pool = await as<{ items: unknown[] }>(
      'merchant',
      `/v1/joint/campaigns/${encodeURIComponent(target)}/pool`,
    );
    if (pool.items.length) {
      const add = page.getByTestId('pool-add').first();
      await add.waitFor({ timeout: 30_000 });
      await add.click();
      await page
        .getByTestId('pool-add')
        .nth(1)
        .click()
        .catch(() => {});
      await page.getByTestId('pool-quote').click();
      await page.getByTestId('quote-summary').waitFor({ timeout: 30_000 });
    }
    await shot(page, 'pool');
    await context.close();
  });

  it('shows the recommended partners the API computes, with example product pairs', async () => {
    const recs = await as<Partners>(
      'merchant',
      `/v1/joint/partners?storeId=${encodeURIComponent(ownStore.id)}&limit=20`,
    );
    expect(recs.items.length).toBeGreaterThan(0);
    const top = recs.items[0]!;
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await openMenu(page, 'joint/partners');
    const row = page.getByTestId(`partner-row-${top.storeId}`);
    await row.waitFor({ timeout: 60_000 });
    expect(Number((await row.getByTestId('partner-shared').innerText()).replace(/\D/g, ''))).toBe(
      top.sharedCustomers,
    );
    expect(await row.getByTestId('partner-reason').innerText()).not.toBe('');
    // Expand the first row: why, and the products bought together.
    await row
      .locator('.ant-table-row-expand-icon')
      .click()
      .catch(() => {});
    await page
      .getByTestId('partner-examples')
      .first()
      .waitFor({ timeout: 5000 })
      .catch(() => {});
    await shot(page, 'partners');
    // Inviting goes to a new campaign with the partner filled in.
    await row.getByTestId('partner-invite').click();
    await page.getByTestId('partner-invite-ok').click();
    await page.waitForURL(/\/joint\/new\?/);
    expect(new URL(page.url()).searchParams.get('invite')).toBe(top.storeId);
    await context.close();
  });

  it('lets the operator whitelist the merchant, which then joins a crowdfunded ad', async () => {
    // Start clean: the demo merchant off the list, the partner on it (it starts the ad).
    await as('operator', `/v1/joint/whitelist/${encodeURIComponent(merchantId)}`, { method: 'DELETE' });
    await as('operator', `/v1/joint/whitelist/${encodeURIComponent(partner.merchantId)}`, {
      method: 'PUT',
      body: { note: 'browser test partner' },
    });
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await openMenu(page, 'joint/whitelist');
    await page.getByTestId('whitelist-table').waitFor();
    const name = (await as<{ user: { displayName: string } }>('merchant', '/v1/auth/me')).user.displayName;
    await page.getByTestId('whitelist-merchant').click();
    await page.keyboard.type(name.slice(0, 12));
    const option = page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: merchantId,
      })
      .filter({ visible: true })
      .first();
    await option.waitFor({ timeout: 30_000 });
    await option.click();
    await page.getByTestId('whitelist-note').fill(`browser test ${run}`);
    await page.getByTestId('whitelist-add').click();
    await page.getByTestId(`wl-row-${merchantId}`).waitFor({ timeout: 30_000 });
    const list = await as<{ items: { merchantId: string; note: string | null }[] }>(
      'operator',
      '/v1/joint/whitelist',
    );
    expect(list.items.find((e) => e.merchantId === merchantId)?.note).toBe(`browser test ${run}`);
    await shot(page, 'whitelist');
    await context.close();

    // The partner starts an ad: three equal seats.
    const slots = await asPartner<{ items: { id: string; price: number }[] }>('/v1/joint/ad-slots');
    const slot = slots.items[0];
    if (!slot) throw new Error('no ad slots');
    const ad = await asPartner<Campaign>('/v1/joint/campaigns', {
      method: 'POST',
      body: {
        type: 'ad_crowdfunding',
        name: `Shared banner ${run}`,
        nameZh: `合买横幅 ${run}`,
        storeId: partner.storeId,
        startsAt: new Date(Date.now() + 2 * DAY).toISOString(),
        endsAt: new Date(Date.now() + 9 * DAY).toISOString(),
        rules: {
          ad: {
            slot: slot.id,
            price: slot.price,
            deadline: new Date(Date.now() + DAY).toISOString(),
            split: 'equal',
            seats: 3,
            maxParticipants: 3,
          },
        },
      },
    });
    adId = ad.id;

    const m = await h.newPage();
    await signIn(m.page, 'merchant');
    await openMenu(m.page, 'joint/ads');
    await expect
      .poll(() => m.page.getByTestId('whitelist-state').getAttribute('data-whitelisted'), { timeout: 30_000 })
      .toBe('true');
    const row = m.page.getByTestId(`ad-row-${adId}`);
    await row.waitFor({ timeout: 30_000 });
    await shot(m.page, 'ads');
    await row.getByTestId('ad-join').click();
    await m.page.getByTestId('ad-join-ok').click();
    await expect
      .poll(
        async () =>
          (
            await as<Campaign>('merchant', `/v1/joint/campaigns/${encodeURIComponent(adId)}`)
          ).ad?.contributions.find((x) => x.storeId === ownStore.id)?.status,
        { timeout: 30_000 },
      )
      .toBe('held');
    const after = await as<Campaign>('merchant', `/v1/joint/campaigns/${encodeURIComponent(adId)}`);
    await m.page.goto(`/joint/campaigns/${encodeURIComponent(adId)}?tab=ad`);
    const progress = m.page.getByTestId('ad-progress');
    await progress.waitFor({ timeout: 30_000 });
    expect(Number(await progress.getAttribute('data-raised'))).toBe(after.ad?.raised);
    await shot(m.page, 'ad');
    await m.context.close();
  });

  it('gives the operator oversight and the partner statistics job', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await openMenu(page, 'joint');
    await page.getByTestId(`campaign-row-${campaignId}`).waitFor({ timeout: 30_000 });
    await page.getByTestId('filter-type').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', {
        hasText: 'Cross-store spend & save',
      })
      .first()
      .click();
    await page.getByTestId(`campaign-row-${campaignId}`).waitFor();
    await expect.poll(() => page.getByTestId(`campaign-row-${invitedId}`).count()).toBe(0);
    // Expand the campaign: its participants, removable before start.
    await page.getByTestId(`campaign-row-${campaignId}`).locator('.ant-table-row-expand-icon').click();
    await page.getByTestId(`part-row-${partner.storeId}`).getByTestId('remove').waitFor();
    await shot(page, 'oversight');

    await openMenu(page, 'joint/partner-stats');
    await page.getByTestId('stats-status').waitFor();
    await page.getByTestId('refresh-incremental').click();
    await expect
      .poll(
        async () => {
          const s = await as<{ lastRun: { mode: string } | null; running: boolean }>(
            'operator',
            '/v1/joint/partners/status',
          );
          return !s.running && s.lastRun?.mode === 'incremental';
        },
        { timeout: 90_000, interval: 1500 },
      )
      .toBe(true);
    await expect
      .poll(async () => page.getByTestId('stats-mode').innerText(), { timeout: 30_000 })
      .toBe('Incremental refresh');
    await shot(page, 'stats');
    await context.close();
  });

  it('reads naturally in Chinese on every page', async () => {
    const visit = (login: string, pages: PageCheck[]) => readPages(h, login, pages, shot);
    const detail = `/joint/campaigns/${encodeURIComponent(campaignId)}`;
    await visit('merchant', [
      {
        path: '/joint',
        name: 'list',
        texts: ['联合营销', '我发起的', '收到的邀请', NAME_ZH, '邀请中'],
        wait: 'campaign-link',
      },
      {
        path: `/joint/new?store=${encodeURIComponent(ownStore.id)}`,
        name: 'create',
        texts: [
          '发起联合活动',
          '跨店满减',
          '跨店券',
          '广告众筹',
          '共享装修',
          '满',
          '粉丝专享加码券',
          '推荐伙伴',
        ],
        wait: 'campaign-form',
      },
      {
        path: detail,
        name: 'detail',
        texts: [NAME_ZH, '跨店满减', '满199减100', '参与店铺', '已加入', '发起方', '数据看板', '联合货池'],
        wait: 'participants',
      },
      {
        path: `${detail}?tab=dashboard`,
        name: 'dashboard',
        texts: ['成交额', '订单数', '转化率'],
        wait: 'dashboard',
      },
      { path: `${detail}?tab=pool`, name: 'pool', texts: ['跨店购物车', '活动价'], wait: 'pool-table' },
      {
        path: `${detail}?tab=decoration`,
        name: 'decoration',
        texts: ['跨店满199减100', '店铺页预览'],
        wait: 'decoration-preview',
      },
      {
        path: '/joint/partners',
        name: 'partners',
        texts: ['推荐伙伴', '共同顾客', '提升度', '置信度', '类目互补'],
        wait: 'partner-reason',
      },
      { path: '/joint/ads', name: 'ads', texts: ['广告众筹', '众筹进度'], wait: 'ads-table' },
      {
        path: `/joint/campaigns/${encodeURIComponent(adId)}?tab=ad`,
        name: 'ad',
        texts: ['众筹进度', '平均分席位', '冻结中'],
        wait: 'ad-progress',
      },
    ]);
    await visit('operator', [
      { path: '/joint', name: 'oversight', texts: ['联合营销监管', '跨店满减'], wait: 'campaign-link' },
      {
        path: '/joint/whitelist',
        name: 'whitelist',
        texts: ['广告众筹白名单', '加入白名单'],
        wait: 'whitelist-table',
      },
      {
        path: '/joint/partner-stats',
        name: 'stats',
        texts: ['伙伴统计', '全量重算', '增量刷新', '店铺对', '水位线'],
        wait: 'stats-mode',
      },
    ]);
  });
});
