// End-to-end checks of the creator-marketplace pages against a real demo server. The creator asks for a sample
// from the selection square (the merchant's policy leaves it for review); another merchant's policy (set through
// the API) refuses a second request at once and the creator reads why. The merchant approves and ships, the
// creator confirms receipt, names one of its own live sessions as the content and returns the sample. The
// merchant posts a proxy job (a first submit with 0 sessions is refused beside the field), the agency quotes for
// its creator, the merchant accepts and reads the results against the terms. Recommended creators and products
// list their reasons. Every page again in Chinese. Screenshots: test/browser/screenshots/market-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type PageCheck, readPages, signIn, startHarness, settle } from './harness.ts';

let h: Harness;
/** Names unique per run, so a reused server (TRIBUTARY_BROWSER_URL) never shows an older row. */
const run = Date.now().toString(36).slice(-5);
const JOB = `Evening streams ${run}`;
const TRACKING = `SF${run}`.toUpperCase();

const as = <T>(login: string, url: string, init?: { method?: string; body?: unknown }) =>
  h.api.as<T>(login, url, init);

/** A business day (Asia/Shanghai) shifted by whole days. */
const businessDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Money as the console writes it in English: ¥1,234.56. */
const yuan = (fen: number) =>
  `¥${Math.floor(fen / 100).toLocaleString('en-US')}.${String(fen % 100).padStart(2, '0')}`;

async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await h.screenshot(page, `market-${name}`);
}

/** An antd text box by test id (the id sits on the input itself or on a wrapper around it). */
const box = (page: Page, id: string) =>
  page
    .locator(
      `input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`,
    )
    .first();

/** Picks an option of an antd select by (part of) its label, typing to search first when asked. */
async function choose(page: Page, testId: string, label: string, search?: string): Promise<void> {
  await page.getByTestId(testId).click();
  if (search !== undefined) await page.keyboard.type(search);
  const option = page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
    .first();
  await option.waitFor();
  await option.click();
}

/** Waits until the samples list shows this status tab's rows (the URL names it and the table is not loading). */
async function settled(page: Page, status: string): Promise<void> {
  await page.waitForURL(new RegExp(`[?&]status=${status}(&|$)`));
  await page.getByTestId('samples-table').locator('.ant-spin-spinning').waitFor({ state: 'detached' });
}

/** Waits for a success toast with this text (and lets it go). */
async function toast(page: Page, text: string): Promise<void> {
  await page.locator('.ant-message-notice', { hasText: text }).first().waitFor();
}

interface SquareProduct {
  productId: string;
  title: string;
  merchantId: string;
  storeId: string;
  productScore: number | null;
  storeScore: number | null;
}
interface Sample {
  id: string;
  productId: string;
  status: string;
  reasonCode: string | null;
  creatorFollowers: number;
  carrier: string | null;
  trackingNo: string | null;
  contentDueOn: string | null;
  content: { type: string; sessionId: string | null } | null;
  history: { status: string }[];
}
interface Session {
  id: string;
  storeId: string;
  hostType: string;
  creatorId: string | null;
  agencyId: string | null;
  status: string;
  startedAt: string | null;
}
interface JobDetail {
  id: string;
  fixedFee: number;
  commissionBp: number;
  status: string;
  quotes: { id: string; status: string; creatorId: string }[];
  contract: { creatorId: string; fixedFee: number; commissionBp: number } | null;
  results: {
    sessions: { id: string; gmv: number }[];
    sessionsDone: number;
    sessionsAgreed: number;
    gmv: number;
    commission: number;
    fee: number;
    total: number;
  } | null;
}
interface CreatorRecs {
  items: { creatorId: string; name: string; reasons: { code: string }[] }[];
}
interface ProductRecs {
  items: { productId: string; title: string; reasons: { code: string }[] }[];
}

const today = businessDay(Date.now());
let merchantId = '';
let agencyId = '';
let creatorId = '';
/** A product of the demo merchant the creator has not asked for yet, and one of another merchant. */
let wanted: SquareProduct;
let refusedOf: SquareProduct;
let sampleId = '';
let refusedId = '';
let jobId = '';
/** The creator the agency streams with in the merchant's store, and that store's name. */
let agencyCreator = '';
let agencyCreatorName = '';
let storeName = '';

beforeAll(async () => {
  h = await startHarness();
  const me = async (login: string) =>
    (await as<{ user: { partyId: string } }>(login, '/v1/auth/me')).user.partyId;
  [merchantId, agencyId, creatorId] = await Promise.all([me('merchant'), me('agency'), me('creator')]);
  const [square, mine] = await Promise.all([
    as<{ items: SquareProduct[] }>('creator', '/v1/distribution/products?limit=200'),
    as<{ items: Sample[] }>('creator', '/v1/samples?limit=200'),
  ]);
  const asked = new Set(mine.items.map((s) => s.productId));
  const fresh = square.items.filter((p) => !asked.has(p.productId));
  const own = fresh.find((p) => p.merchantId === merchantId);
  const other = fresh.find((p) => p.merchantId !== merchantId);
  if (!own || !other) throw new Error('the square has no product left to ask a sample of');
  wanted = own;
  refusedOf = other;
  // The demo merchant reviews requests itself and wants samples back; the other merchant asks for more
  // followers than any creator has, so its refusal is certain.
  await as('merchant', '/v1/samples/policy', {
    method: 'PUT',
    body: { minCreatorScore: 0, minFollowers: 0, autoApprove: false, contentDays: 14, requireReturn: true },
  });
  await as('operator', '/v1/samples/policy', {
    method: 'PUT',
    body: {
      merchantId: other.merchantId,
      minCreatorScore: 0,
      minFollowers: 2_000_000_000,
      autoApprove: false,
    },
  });
  // The creator the agency hosted the merchant's sessions with.
  const sessions = await as<{ items: Session[] }>('merchant', '/v1/live/sessions?hostType=agency&limit=200');
  agencyCreator =
    sessions.items.find((s) => s.agencyId === agencyId && s.storeId === wanted.storeId && s.creatorId)
      ?.creatorId ?? '';
  const bidders = await as<{ items: { creatorId: string; name: string }[] }>(
    'agency',
    '/v1/proxy-jobs/bidders',
  );
  agencyCreatorName = bidders.items.find((b) => b.creatorId === agencyCreator)?.name ?? '';
  if (!agencyCreatorName) throw new Error(`${agencyCreator} is not among the agency's creators`);
  const stores = await as<{ items: { id: string; name: string }[] }>(
    'merchant',
    '/v1/scores/stores?limit=100',
  );
  storeName = stores.items.find((s) => s.id === wanted.storeId)?.name ?? wanted.storeId;
  if (!agencyCreator) throw new Error(`agency ${agencyId} hosted no session of merchant ${merchantId}`);
}, 200_000);

afterAll(async () => {
  await h?.close();
});

describe('creator marketplace console', () => {
  it('lets the creator ask for a sample from the square and read an automatic refusal', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'creator');
    await page.getByTestId('menu-samples').waitFor();
    await page.getByTestId('menu-live/products').waitFor();
    await page.getByTestId('menu-distribution/products').click();
    await page.getByTestId('square-table').waitFor();

    const find = async (p: SquareProduct) => {
      await box(page, 'square-search').fill(p.title);
      await box(page, 'square-search').press('Enter');
      const row = page.getByTestId('square-table').locator(`tr[data-row-key="${p.productId}"]`);
      await row.waitFor();
      return row;
    };
    const row = await find(wanted);
    // The scores the square carries, as the API gives them.
    expect(await row.getByTestId('square-product-score').innerText()).toBe(
      wanted.productScore === null ? '—' : wanted.productScore.toFixed(1),
    );
    expect(await row.getByTestId('square-store-score').innerText()).toBe(
      wanted.storeScore === null ? '—' : wanted.storeScore.toFixed(2),
    );
    await shot(page, 'square');
    await row.getByTestId('action-sample').click();
    await box(page, 'sample-note').fill(`Sample please (${run})`);
    await page.getByTestId('sample-request-submit').click();
    await toast(page, 'Sample requested');
    const asked = await as<{ items: Sample[] }>('creator', `/v1/samples?productId=${wanted.productId}`);
    const sample = asked.items.find((s) => s.status === 'requested');
    expect(sample).toBeDefined();
    sampleId = sample!.id;

    // The other merchant's policy refuses at once; the reason reads by its code, with the creator's figure.
    const other = await find(refusedOf);
    await other.getByTestId('action-sample').click();
    await page.getByTestId('sample-request-submit').click();
    const refused = page.getByTestId('sample-refused');
    await refused.waitFor();
    const refusedSample = (
      await as<{ items: Sample[] }>('creator', `/v1/samples?productId=${refusedOf.productId}&status=rejected`)
    ).items[0]!;
    refusedId = refusedSample.id;
    expect(refusedSample.reasonCode).toBe('followers_below_minimum');
    expect(await refused.innerText()).toContain(
      `Request refused: Fewer followers than required (creator’s followers: ${refusedSample.creatorFollowers.toLocaleString('en-US')})`,
    );
    await shot(page, 'square-refused');
    await page.getByTestId('sample-request-submit').click();

    // Samples: the refusal under its status tab, with the same reason.
    await page.getByTestId('menu-samples').click();
    await page.getByTestId('tab-rejected').click();
    const rejectedRow = page.locator(`tr[data-sample="${refusedId}"]`);
    await rejectedRow.waitFor();
    expect(await rejectedRow.getByTestId('sample-reason-text').innerText()).toContain(
      'Fewer followers than required',
    );
    await context.close();
  });

  it('lets the merchant approve and ship, with the history as a timeline', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.getByTestId('menu-samples').click();
    await page.getByTestId('tab-requested').click();
    const requested = page.locator(`tr[data-sample="${sampleId}"]`);
    await requested.waitFor();
    const counts = (await as<{ counts: Record<string, number> }>('merchant', '/v1/samples?limit=1')).counts;
    expect(Number(await page.getByTestId('tab-requested').getAttribute('data-count'))).toBe(counts.requested);
    await shot(page, 'samples-merchant');
    await requested.getByTestId('sample-approve').click();
    await toast(page, 'Approved');
    await requested.waitFor({ state: 'detached' });

    await page.getByTestId('tab-approved').click();
    const approved = page.locator(`tr[data-sample="${sampleId}"]`);
    await approved.getByTestId('sample-ship').click();
    // Nothing typed: the form says what is missing before anything is sent.
    await page.getByTestId('sample-modal-ok').click();
    await page.getByTestId('sample-ship-form').locator('.ant-form-item-explain-error').first().waitFor();
    await box(page, 'sample-carrier').fill('SF Express');
    await box(page, 'sample-tracking').fill(TRACKING);
    await page.getByTestId('sample-modal-ok').click();
    await toast(page, 'Shipped');
    const shipped = await as<Sample>('merchant', `/v1/samples/${sampleId}`);
    expect(shipped.status).toBe('shipped');
    expect(shipped.trackingNo).toBe(TRACKING);

    await page.getByTestId('tab-shipped').click();
    const row = page.locator(`tr[data-sample="${sampleId}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain(`SF Express ${TRACKING}`);
    await row.locator('.ant-table-row-expand-icon').click();
    const history = page.getByTestId('sample-history');
    await history.waitFor();
    expect(await history.locator('.ant-timeline-item').count()).toBe(shipped.history.length);
    expect(await history.innerText()).toContain('Merchant');
    await shot(page, 'samples-history');

    await page.getByTestId('open-policy').click();
    await page.getByTestId('policy-form').waitFor();
    expect(await box(page, 'policy-days').inputValue()).toBe('14');
    await shot(page, 'samples-policy');
    await context.close();
  });

  it('lets the creator confirm receipt, name its live session as the content and return the sample', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'creator');
    await page.getByTestId('menu-samples').click();
    await page.getByTestId('tab-shipped').click();
    // Click in the shipped list once it has loaded, not in the list it replaces (a click on a row being
    // re-rendered can be lost: seen once under load, the toast never came).
    await settled(page, 'shipped');
    await page.locator(`tr[data-sample="${sampleId}"]`).getByTestId('sample-receive').click();
    await toast(page, 'Receipt confirmed');
    await page.getByTestId('tab-received').click();
    const row = page.locator(`tr[data-sample="${sampleId}"]`);
    await row.waitFor();
    // Content is due 14 days after today's receipt.
    const due = shift(today, 14);
    expect((await as<Sample>('creator', `/v1/samples/${sampleId}`)).contentDueOn).toBe(due);
    expect(await row.getByTestId('sample-due').innerText()).toBe(`${due}\nin 14 days`);
    await shot(page, 'samples-creator');

    // The picker offers the creator's own started sessions in the sample's store.
    const own = (await as<{ items: Session[] }>('creator', '/v1/live/sessions?limit=200')).items.filter(
      (s) => s.storeId === wanted.storeId && s.status !== 'scheduled',
    );
    await row.getByTestId('sample-fulfil').click();
    await page.getByTestId('sample-fulfil-form').waitFor();
    if (own.length) {
      await page.getByTestId('sample-session').click();
      // The list may re-render as its sessions arrive: click waits for a stable option. That the one chosen is
      // the creator's own started session in the sample's store is checked on the fulfilled sample below.
      const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
      await options.first().click();
      // Close the list (it stays open under the pointer) before pressing OK.
      await page.locator('.ant-modal-title').click();
      await page
        .locator('.ant-select-dropdown:visible')
        .waitFor({ state: 'hidden' })
        .catch(() => {});
    } else {
      await page.getByTestId('sample-content-type').getByText('A video').click();
      await box(page, 'sample-url').fill(`https://video.example/${run}`);
    }
    await shot(page, 'samples-fulfil');
    await page.getByTestId('sample-modal-ok').click();
    await toast(page, 'Content recorded');
    const fulfilled = await as<Sample>('creator', `/v1/samples/${sampleId}`);
    expect(fulfilled.status).toBe('fulfilled');
    if (own.length) expect(own.map((s) => s.id)).toContain(fulfilled.content?.sessionId);

    await page.getByTestId('tab-fulfilled').click();
    await page.locator(`tr[data-sample="${sampleId}"]`).getByTestId('sample-return').click();
    await box(page, 'sample-carrier').fill('SF Express');
    await box(page, 'sample-tracking').fill(`R${TRACKING}`);
    await page.getByTestId('sample-modal-ok').click();
    await toast(page, 'Return recorded');
    expect((await as<Sample>('creator', `/v1/samples/${sampleId}`)).status).toBe('returned');
    await context.close();
  });

  it('posts a proxy job (refused first beside the field), takes a quote and reports results against the terms', async () => {
    const merchant = await h.newPage();
    const mp = merchant.page;
    await signIn(mp, 'merchant');
    await mp.getByTestId('menu-proxy-jobs').click();
    await mp.getByTestId('job-new').click();
    await mp.getByTestId('job-form').waitFor();
    await box(mp, 'job-title').fill(JOB);
    await choose(mp, 'job-store', storeName);
    await choose(mp, 'job-category', '(c02)', 'c02');
    // The last 30 days: the contract will link the sessions already streamed in them.
    const from = shift(today, -29);
    const dates = mp.getByTestId('field-dates').locator('input');
    await dates.nth(0).click();
    await dates.nth(0).fill(from);
    await dates.nth(0).press('Enter');
    await dates.nth(1).fill(today);
    await dates.nth(1).press('Enter');
    await mp.keyboard.press('Escape').catch(() => {});
    await box(mp, 'job-sessions').fill('0');
    await box(mp, 'job-hours').fill('3');
    await box(mp, 'job-fee').fill('8000.07');
    await box(mp, 'job-rate').fill('12.5');
    await mp.getByTestId('job-submit').click();
    const issue = mp.getByTestId('field-sessions').getByTestId('field-issue');
    await issue.waitFor();
    expect(await issue.innerText()).toBe('A whole number of sessions from 1 to 1,000');
    await shot(mp, 'job-refused');
    await box(mp, 'job-sessions').fill('8');
    await mp.getByTestId('job-submit').click();
    await mp.waitForURL(/\/proxy-jobs\/[^/?]+$/);
    jobId = decodeURIComponent(mp.url().split('/').pop() ?? '');
    const posted = await as<JobDetail>('merchant', `/v1/proxy-jobs/${jobId}`);
    // ¥8,000.07 typed is 800,007 fen exactly; 12.5% is 1,250 bp.
    expect(posted.fixedFee).toBe(800_007);
    expect(posted.commissionBp).toBe(1250);
    // The job page renders its terms once the job has loaded.
    await expect.poll(() => mp.getByTestId('job-fee').innerText()).toBe('¥8,000.07');
    await expect.poll(() => mp.getByTestId('job-rate').innerText()).toBe('12.50%');

    // The agency finds it among the open jobs and quotes for its creator.
    const agency = await h.newPage();
    const ap = agency.page;
    await signIn(ap, 'agency');
    await ap.getByTestId('menu-proxy-jobs').click();
    const open = ap.locator(`tr[data-job="${jobId}"]`);
    await open.waitFor();
    await shot(ap, 'jobs-market');
    await open.getByTestId('job-quote').click();
    // The agency picks the creator among its own.
    await choose(ap, 'quote-creator', agencyCreatorName);
    await box(ap, 'quote-fee').fill('7000');
    await box(ap, 'quote-rate').fill('15');
    await ap.getByTestId('quote-submit').click();
    await toast(ap, 'Quote sent');
    await ap.getByTestId('jobs-tab-quotes').click();
    const quoted = ap.locator(`tr[data-job="${jobId}"]`);
    await quoted.getByTestId('my-quote').waitFor();
    expect(await quoted.getByTestId('my-quote').innerText()).toContain('Pending');
    expect(await quoted.getByTestId('my-quote').innerText()).toContain('¥7,000.00');
    await shot(ap, 'jobs-my-quotes');

    // The merchant accepts it: contract signed, results against the terms.
    await mp.reload();
    const quoteRow = mp.getByTestId('quotes-table').locator('tr[data-status="pending"]').first();
    await quoteRow.waitFor();
    expect(await quoteRow.getByTestId('quote-fee-cell').innerText()).toBe('¥7,000.00');
    await quoteRow.getByTestId('quote-accept').click();
    await mp.getByTestId('accept-confirm').click();
    await mp.getByTestId('job-contract').waitFor();
    await mp.getByTestId('job-results').waitFor();
    const done = await as<JobDetail>('merchant', `/v1/proxy-jobs/${jobId}`);
    expect(done.status).toBe('awarded');
    expect(done.contract?.creatorId).toBe(agencyCreator);
    const r = done.results!;
    // Figures computed here from the linked sessions and the contract's terms.
    const gmv = r.sessions.reduce((s, x) => s + x.gmv, 0);
    const commission = Number((BigInt(gmv) * 1500n + 5000n) / 10000n);
    expect(r.gmv).toBe(gmv);
    expect(r.commission).toBe(commission);
    expect(r.total).toBe(commission + 700_000);
    const term = (k: string) => mp.getByTestId(`term-${k}`);
    expect(await term('sessions').getAttribute('data-actual')).toBe(String(r.sessions.length));
    expect(await term('sessions').innerText()).toContain(`${r.sessions.length} of 8`);
    expect(await term('gmv').innerText()).toContain(yuan(gmv));
    expect(await term('commission').innerText()).toContain(yuan(commission));
    expect(await term('fee').innerText()).toContain('¥7,000.00');
    expect(await term('total').innerText()).toContain(yuan(commission + 700_000));
    if (r.sessions.length)
      expect(await mp.getByTestId('job-sessions').locator('tbody tr.ant-table-row').count()).toBe(
        r.sessions.length,
      );
    await shot(mp, 'job-detail');
    await merchant.context.close();
    await agency.context.close();
  });

  it('lists recommended creators and products with their reasons', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    await page.getByTestId('menu-live/creators').click();
    const table = page.getByTestId('rec-table');
    await table.locator('tr[data-creator]').first().waitFor();
    const storeId = await page.getByTestId('rec-store').innerText();
    expect(storeId).not.toBe('');
    const stores = await as<{ items: { id: string }[] }>(
      'merchant',
      '/v1/scores/stores?limit=100&sort=-score',
    );
    const recs = await as<CreatorRecs>(
      'merchant',
      `/v1/live/recommendations/creators?storeId=${stores.items[0]!.id}&limit=20`,
    );
    expect(await table.locator('tr[data-creator]').count()).toBe(recs.items.length);
    const first = table.locator('tr[data-creator]').first();
    expect(await first.getAttribute('data-creator')).toBe(recs.items[0]!.creatorId);
    const tags = first.getByTestId('rec-reasons').locator('[data-reason]');
    expect(await tags.count()).toBe(recs.items[0]!.reasons.length);
    const text = await first.getByTestId('rec-reasons').innerText();
    for (const label of ['Category fit', 'Audience overlap', 'Word of mouth', 'GPM history', 'Commission'])
      expect(text).toContain(label);
    await page.locator('[data-testid="rec-chart"][data-rendered]').waitFor();
    expect(Number(await page.getByTestId('rec-chart').getAttribute('data-points'))).toBe(
      Math.min(15, recs.items.length),
    );
    await shot(page, 'recs-creators');
    await first.getByTestId('rec-invite').click();
    await page.getByTestId('invite-post').waitFor();
    await shot(page, 'recs-invite');
    await context.close();

    const creator = await h.newPage();
    await signIn(creator.page, 'creator');
    await creator.page.getByTestId('menu-live/products').click();
    const products = await as<ProductRecs>(
      'creator',
      `/v1/live/recommendations/products?creatorId=${creatorId}&limit=20`,
    );
    const ptable = creator.page.getByTestId('rec-table');
    await ptable.locator('tr[data-product]').first().waitFor();
    expect(await ptable.locator('tr[data-product]').count()).toBe(products.items.length);
    expect(await ptable.locator('tr[data-product]').first().getAttribute('data-product')).toBe(
      products.items[0]!.productId,
    );
    await creator.page.locator('[data-testid="rec-chart"][data-rendered]').waitFor();
    await shot(creator.page, 'recs-products');
    await creator.context.close();
  });

  it('reads naturally in Chinese on every page', async () => {
    const visit = (login: string, pages: PageCheck[]) => readPages(h, login, pages, shot);
    await visit('merchant', [
      {
        path: '/samples',
        name: 'samples-merchant',
        texts: ['寄样申请', '待审核', '已发货', '已退回', '寄样规则'],
        wait: 'samples-table',
      },
      {
        path: '/proxy-jobs',
        name: 'jobs-merchant',
        texts: ['代播需求', '发布需求', '条件', '已签约'],
        wait: 'jobs-table',
      },
      {
        path: `/proxy-jobs/${jobId}`,
        name: 'job-detail',
        texts: ['合同', '效果与合同条款对比', '已播场次', '佣金', '报价', '已中标'],
        wait: 'job-results',
      },
      {
        path: '/live/creators',
        name: 'recs-creators',
        texts: ['推荐达人', '类目匹配', '粉丝重合度', '口碑分', '历史GPM', '佣金比例', '邀请代播'],
        wait: 'rec-table',
      },
    ]);
    await visit('creator', [
      {
        path: '/samples?status=rejected',
        name: 'samples-creator',
        texts: ['已拒绝', '粉丝数未达到要求', '达人粉丝'],
        wait: 'sample-reason-text',
      },
      {
        path: '/distribution/products',
        name: 'square',
        texts: ['申请寄样', '商品分', '店铺分'],
        wait: 'square-table',
      },
      {
        path: '/live/products',
        name: 'recs-products',
        texts: ['推荐商品', '加入选品车', '匹配度'],
        wait: 'rec-table',
      },
    ]);
    await visit('agency', [
      {
        path: '/proxy-jobs',
        name: 'jobs-agency',
        texts: ['需求大厅', '我的报价', '报价'],
        wait: 'jobs-table',
      },
    ]);
  });
});
