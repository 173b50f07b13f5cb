// End-to-end checks of the traffic pages against a real demo server. The test seeds its own data through the
// API (a horse race over the demo merchant's category, two campaign budgets that open next week — one with a
// score threshold no store meets — and an integration key to rank with); the operator creates a protection
// program through the form (after the server refused a Chuanliu one, beside the field), plans a past day for
// it and ranks pages of that day, then reads the program's delivery, participants and versions, edits it,
// is told to reload after a stale edit, reads a race leaderboard, the traffic overview and the ranking
// settings (a refused slot beside its field); the merchant reads My traffic, is refused one budget with the
// reason and enrols in the other, then withdraws. Every page in English and Chinese: /tmp/traffic-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, signIn, startHarness, openMenu, settle } from './harness.ts';

let h: Harness;
/** Names unique per run, so a reused server (TRIBUTARY_BROWSER_URL) never shows an older row. */
const run = Date.now().toString(36).slice(-5);
const CREATED = `Protection ${run}`;
const CREATED_ZH = `新主播保护 ${run}`;
const REFUSED = `Chuanliu ${run}`;
const RACE = `Race ${run}`;
const BUDGET = `Budget ${run}`;
const STRICT = `Top stores ${run}`;
const MIN_DAILY = 300;

const token = (login: string) => h.api.token(login);
const call = <T>(bearer: string, url: string, init?: { method?: string; body?: unknown }) =>
  h.api.call<T>(bearer, url, init);
const apiAs = async <T>(login: string, url: string, init: { method?: string; body?: unknown } = {}) =>
  call<T>(await token(login), url, init);

/** A business day (Asia/Shanghai) shifted by whole days. */
const businessDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const shift = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** An instant of a business day at a marketplace wall-clock hour and minute. */
const at = (day: string, hour: number, minute: number) =>
  new Date(Date.parse(`${day}T00:00:00+08:00`) + (hour * 60 + minute) * 60_000).toISOString();
/** Counts as the console groups them in English. */
const n = (v: number) => v.toLocaleString('en-US');

async function shot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `/tmp/traffic-${name}.png`, fullPage: true });
}

/** Waits until a chart has drawn (its animation finished) and returns how many points it drew. */
async function chartPoints(page: Page, testId: string): Promise<number> {
  const chart = page.locator(`[data-testid="${testId}"][data-rendered]`);
  await chart.waitFor();
  expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
  return Number(await chart.getAttribute('data-points'));
}

/** An antd text box by test id (the id sits on the input itself or on a wrapper around it). */
const box = (page: Page, id: string) =>
  page
    .locator(
      `input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`,
    )
    .first();
const field = (page: Page, p: string) => page.locator(`[data-testid="field-${p}"]`);

/** Types a day into an antd date picker and confirms it. */
async function pickDay(page: Page, input: ReturnType<Page['locator']>, day: string): Promise<void> {
  await input.click();
  await input.fill(day);
  await input.press('Enter');
  await page.keyboard.press('Escape').catch(() => {});
}

interface Program {
  id: string;
  kind: string;
  name: string;
  nameZh: string | null;
  startsOn: string;
  version: number;
  params: Record<string, unknown>;
}
interface DeliveryDay {
  day: string;
  participants: number;
  target: number;
  delivered: number;
  organic: number;
}
interface Participant {
  entityId: string;
  name: string | null;
  status: string;
  allocation: number;
  detail: Record<string, unknown>;
  today: { target: number } | null;
}
interface ExposureRow {
  day: string;
  scene: string;
  programId: string;
  arm: string;
  exposures: number;
}

const today = businessDay(Date.now());
let merchantId = '';
let store: { id: string; name: string; groupId: string; groupName: string; score: number };
let integrationKey = '';
let race: Program;
let budget: Program;
let strict: Program;
let created: Program;
/** The past day planned and ranked for the created program. */
let plannedDay = '';

beforeAll(async () => {
  h = await startHarness();
  merchantId = (await apiAs<{ user: { partyId: string } }>('merchant', '/v1/auth/me')).user.partyId;
  const stores = await apiAs<{
    items: { id: string; name: string; groupId: string; groupName: string; score: number }[];
  }>('merchant', '/v1/scores/stores?limit=100&sort=-score');
  if (!stores.items[0]) throw new Error('the demo merchant has no scored store');
  store = stores.items[0];
  integrationKey = (
    await apiAs<{ token: string }>('operator', '/v1/api-keys', {
      method: 'POST',
      body: { role: 'integration', label: `traffic browser test ${run}` },
    })
  ).token;
  const create = (body: Record<string, unknown>) =>
    apiAs<Program>('operator', '/v1/traffic/programs', { method: 'POST', body });
  // A race over the merchant's category since two months back: planning a day closes the month before it.
  race = await create({
    kind: 'horse_race',
    name: RACE,
    nameZh: `赛马 ${run}`,
    startsOn: `${shift(today, -62).slice(0, 7)}-01`,
    params: { categoryId: store.groupId, metric: 'gmv', topN: 30, prizes: [50_000, 30_000, 20_000] },
  });
  // Two budgets that open next week: the merchant may join the first; nobody reaches the second's score.
  budget = await create({
    kind: 'budget',
    name: BUDGET,
    nameZh: `流量包 ${run}`,
    startsOn: shift(today, 5),
    endsOn: shift(today, 12),
    params: { pool: 120_000, scenes: ['feed', 'mall'] },
  });
  strict = await create({
    kind: 'budget',
    name: STRICT,
    nameZh: `头部店铺 ${run}`,
    startsOn: shift(today, 5),
    endsOn: shift(today, 12),
    params: { pool: 50_000, minStoreScore: 999 },
  });
});

afterAll(async () => {
  await h?.close();
});

describe('traffic console', () => {
  it('creates a program through the form after the server refused one beside its field', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    const menu = await page.getByTestId('nav-menu').innerText();
    for (const label of ['Traffic overview', 'Traffic programs', 'Ranking settings'])
      expect(menu).toContain(label);
    await openMenu(page, 'traffic/programs');
    const table = page.getByTestId('programs-table');
    await table.locator('tr', { hasText: RACE }).waitFor();
    const listed = await apiAs<{ items: Program[] }>('operator', '/v1/traffic/programs');
    expect(await table.locator('tr[data-row-key]').count()).toBe(Math.min(20, listed.items.length));
    const raceRow = await table.locator(`tr[data-row-key="${race.id}"]`).innerText();
    expect(raceRow).toContain('Category horse race');
    // The category by its name, not its id.
    expect(raceRow).toContain(`Category ${store.groupName} · GMV · top 30 · 1st wins 50,000`);
    expect(await table.locator(`tr[data-row-key="${budget.id}"]`).innerText()).toContain(
      '120,000 exposures · Feed, Mall channel · By score and GMV · Open enrolment',
    );

    // A Chuanliu program where nobody earns anything: the server refuses it, beside the store rate.
    await page.getByTestId('new-program').click();
    const drawer = page.getByTestId('program-form');
    await drawer.waitFor();
    // A race's parameters: its prizes, one input per rank, grouped as exposure counts are.
    await page.getByTestId('program-kind').getByText('Category horse race').click();
    expect(await box(page, 'param-prize-0').inputValue()).toBe('300,000');
    expect(await page.getByTestId('program-form').innerText()).toContain('Minimum previous-month GMV (¥)');
    await shot(page, 'form-race-en');
    await page.getByTestId('program-kind').getByText('Chuanliu').click();
    await box(page, 'program-name').fill(REFUSED);
    await box(page, 'param-merchantPerYuan').fill('0');
    await box(page, 'param-creatorPerYuan').fill('0');
    await page.getByTestId('program-save').click();
    const issue = field(page, 'params.merchantPerYuan').getByTestId('field-issue');
    await issue.waitFor();
    expect(await issue.innerText()).toBe('Stores or creators must earn something: both rates are 0.');
    await shot(page, 'form-refused-en');
    const after = await apiAs<{ items: Program[] }>('operator', '/v1/traffic/programs');
    expect(after.items.some((p) => p.name === REFUSED)).toBe(false);

    // Protection instead (its own defaults replace Chuanliu's), started 40 days ago, 300 a day.
    await page.getByTestId('program-kind').getByText('New-streamer protection').click();
    expect(await box(page, 'param-days').inputValue()).toBe('45');
    await box(page, 'program-name').fill(CREATED);
    await box(page, 'program-name-zh').fill(CREATED_ZH);
    await pickDay(page, field(page, 'startsOn').locator('input'), shift(today, -40));
    await box(page, 'param-minDaily').fill(String(MIN_DAILY));
    await page.getByTestId('program-save').click();
    await page.getByText('Program created').waitFor();
    await table.locator('tr', { hasText: CREATED }).waitFor();
    const mine = (await apiAs<{ items: Program[] }>('operator', '/v1/traffic/programs')).items.find(
      (p) => p.name === CREATED,
    );
    expect(mine).toMatchObject({
      kind: 'protection',
      nameZh: CREATED_ZH,
      startsOn: shift(today, -40),
      version: 1,
    });
    expect(mine?.params).toMatchObject({ days: 45, minDaily: MIN_DAILY });
    created = mine as Program;
    expect(await table.locator(`tr[data-row-key="${created.id}"]`).innerText()).toContain(
      '45 days · boost ×1.5 · 300 a day',
    );
    await shot(page, 'programs-en');
    await context.close();
  });

  it('plans and ranks a past day; the program page shows its delivery and participants', async () => {
    expect(created, 'the previous test created the program').toBeTruthy();
    // The first past day nobody has planned yet (the demo plans the last three and today): its plan
    // includes the new program.
    for (let back = 4; back < 30 && !plannedDay; back++) {
      const day = shift(today, -back);
      const r = await apiAs<{ summary: Record<string, unknown> }>('operator', '/v1/traffic/jobs/plan', {
        method: 'POST',
        body: { day },
      });
      if (r.summary[created.id]) plannedDay = day;
    }
    expect(plannedDay, 'a past day was still unplanned').not.toBe('');
    // Pages of that day through the ranking service: live feed (protected rooms), feed and mall.
    const scenes = ['live_feed', 'feed', 'live_feed', 'mall'];
    for (let i = 0; i < 64; i++) {
      await call(integrationKey, '/v1/traffic/rank', {
        method: 'POST',
        body: {
          scene: scenes[i % scenes.length],
          userId: `shopper-${run}-${i % 24}`,
          at: at(plannedDay, 9 + (i % 14), (i * 7) % 60),
        },
      });
    }
    // Deliveries reach the database within a second or two.
    const delivery = async () =>
      (
        await apiAs<{ items: DeliveryDay[] }>(
          'operator',
          `/v1/traffic/programs/${created.id}/delivery?from=${shift(today, -29)}&to=${today}`,
        )
      ).items;
    let line: DeliveryDay | undefined;
    for (let i = 0; i < 20; i++) {
      line = (await delivery()).find((d) => d.day === plannedDay);
      if (line && line.delivered + line.organic > 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(line?.participants).toBeGreaterThan(0);
    expect(line?.target).toBe((line?.participants ?? 0) * MIN_DAILY);

    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await openMenu(page, 'traffic/programs');
    await page.getByTestId('programs-table').locator(`tr[data-row-key="${created.id}"]`).click();
    await page.waitForURL(new RegExp(`/traffic/programs/${created.id}$`));
    expect(await page.getByTestId('program-title').innerText()).toBe(CREATED);
    expect(await page.getByTestId('param-value-minDaily').innerText()).toBe('300');
    expect(await page.getByTestId('program-summary').innerText()).toContain(CREATED_ZH);

    // Delivery: the planned day in the chart and the table, figures as the API has them.
    const row = page.getByTestId('delivery-table').locator(`tr[data-row-key="${plannedDay}"]`);
    await row.waitFor();
    const days = await delivery();
    const planned = days.find((d) => d.day === plannedDay) as DeliveryDay;
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(0, 5)).toEqual([
      plannedDay,
      n(planned.participants),
      n(planned.target),
      n(planned.delivered),
      n(planned.organic),
    ]);
    expect(await chartPoints(page, 'delivery-chart')).toBe(
      await page.getByTestId('delivery-table').locator('tr[data-row-key]').count(),
    );
    expect(await page.getByTestId('kpi-target').innerText()).toContain('Target');
    await shot(page, 'program-delivery-en');

    // Participants of that day: every protected store with its 300 for the day.
    const parts = await apiAs<{ items: Participant[] }>(
      'operator',
      `/v1/traffic/programs/${created.id}/participants?day=${plannedDay}`,
    );
    expect(parts.items.length).toBe(planned.participants);
    await page.getByTestId('tab-participants').click();
    await pickDay(page, box(page, 'participants-day'), plannedDay);
    await page.waitForURL(new RegExp(`day=${plannedDay}`));
    const rows = page.getByTestId('participants-table').locator('tr[data-row-key]');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(Math.min(20, parts.items.length));
    const first = parts.items[0] as Participant;
    const firstRow = await rows.first().innerText();
    expect(firstRow).toContain(first.name ?? first.entityId);
    expect(firstRow).toMatch(/First live \d{4}-\d\d-\d\d · protected until \d{4}-\d\d-\d\d/);
    expect(firstRow).toContain(`/ ${MIN_DAILY}`);
    await shot(page, 'program-participants-en');
    await context.close();
  });

  it('edits the program as its next version, and a stale edit is told to reload', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    await page.goto(`/traffic/programs/${created.id}?tab=versions`);
    const versions = page.getByTestId('versions-table');
    await versions.locator('tr[data-row-key="1"]').waitFor();
    expect(await versions.locator('tr[data-row-key="1"]').innerText()).toContain('Created');

    await page.getByTestId('program-edit').click();
    await page.getByTestId('program-form').waitFor();
    await box(page, 'param-minDaily').fill('400');
    await box(page, 'program-note').fill(`More for new rooms ${run}`);
    await page.getByTestId('program-save').click();
    await page.getByText('Saved as version 2').waitFor();
    const v2 = versions.locator('tr[data-row-key="2"]');
    await v2.waitFor();
    const v2Text = await v2.innerText();
    expect(v2Text).toContain('Daily minimum');
    expect(v2Text).toContain(`More for new rooms ${run}`);
    expect(v2Text).toContain('in force');
    expect(await page.getByTestId('param-value-minDaily').innerText()).toBe('400');

    // Someone saves version 3 elsewhere; this page still edits version 2.
    await apiAs('operator', `/v1/traffic/programs/${created.id}`, {
      method: 'PATCH',
      body: { baseVersion: 2, params: { rampMinutes: 90 }, note: 'elsewhere' },
    });
    await page.getByTestId('program-edit').click();
    await page.getByTestId('program-form').waitFor();
    await box(page, 'param-rampMinutes').fill('30');
    await page.getByTestId('program-save').click();
    const stale = page.getByTestId('program-stale');
    await stale.waitFor();
    expect(await stale.innerText()).toContain(
      'Version 3 was saved meanwhile (your edit started from version 2). Reload it and make your change again.',
    );
    await shot(page, 'program-stale-en');
    await page.getByTestId('program-reload').click();
    await stale.waitFor({ state: 'detached' });
    expect(await box(page, 'param-rampMinutes').inputValue()).toBe('90');
    await page.locator('.ant-drawer-close').click();
    await versions.locator('tr[data-row-key="3"]').waitFor();
    expect((await apiAs<Program>('operator', `/v1/traffic/programs/${created.id}`)).version).toBe(3);
    await context.close();
  });

  it('shows a race leaderboard, the traffic overview and the ranking settings', async () => {
    const { context, page } = await h.newPage();
    await signIn(page, 'operator');
    // The race's standings of last month: final, as the API ranks them.
    const month = shift(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const board = await apiAs<{ final: boolean; standings: { storeName: string; prize: number }[] }>(
      'operator',
      `/v1/traffic/programs/${race.id}/leaderboard?month=${month}`,
    );
    expect(board.final).toBe(true);
    expect(board.standings.length).toBeGreaterThan(0);
    await page.goto(`/traffic/programs/${race.id}?tab=leaderboard&month=${month}`);
    const standings = page.getByTestId('leaderboard-table').locator('tr[data-row-key]');
    await standings.first().waitFor();
    expect(await page.getByTestId('leaderboard-state').innerText()).toBe('Final');
    expect(await standings.count()).toBe(Math.min(20, board.standings.length));
    expect(await standings.first().innerText()).toContain(board.standings[0]?.storeName ?? '');
    expect(await standings.first().getByTestId('standing-prize').innerText()).toBe('50,000');
    await shot(page, 'race-leaderboard-en');

    // The overview of the last 30 days: a bar per day, the programs' costs as the API sums them.
    const from = shift(today, -29);
    const overview = await apiAs<{
      exposures: ExposureRow[];
      programs: { programId: string; delivered: number; target: number }[];
    }>('operator', `/v1/traffic/overview?from=${from}&to=${today}`);
    await openMenu(page, 'traffic');
    expect(await chartPoints(page, 'scene-chart')).toBe(30);
    const costRow = page.getByTestId('costs-table').locator(`tr[data-row-key="${created.id}"]`);
    await costRow.waitFor();
    const costText = await costRow.innerText();
    // Read after the page: the demo's daily job may add today's lines (a bigger target) at any moment.
    const totals = (
      await apiAs<{ programs: { programId: string; target: number }[] }>(
        'operator',
        `/v1/traffic/overview?from=${from}&to=${today}`,
      )
    ).programs.find((p) => p.programId === created.id);
    expect(costText).toContain(CREATED);
    expect(costText).toContain(n(totals?.target ?? -1));
    const scenes = await page.getByTestId('scene-table').innerText();
    for (const scene of ['Feed', 'Live feed', 'Mall channel']) expect(scenes).toContain(scene);
    const planned = overview.exposures.filter((r) => r.day === plannedDay);
    const holdout = overview.exposures
      .filter((r) => r.arm === 'holdout')
      .reduce((s, r) => s + r.exposures, 0);
    const total = overview.exposures.reduce((s, r) => s + r.exposures, 0);
    expect(planned.length).toBeGreaterThan(0);
    expect(holdout).toBeGreaterThan(0);
    // Exposures keep arriving from the demo's shoppers: the share may move a little between the two reads.
    const shown = Number((await page.getByTestId('kpi-holdout').innerText()).match(/([\d.]+)%/)?.[1]);
    expect(Math.abs(shown - (holdout / total) * 100)).toBeLessThan(1);
    await shot(page, 'overview-en');

    // Settings: the 24-hour curve, and a program slot past the page the server refuses beside the field.
    await openMenu(page, 'traffic/settings');
    expect(await chartPoints(page, 'curve-chart')).toBe(24);
    const slots = field(page, 'programSlots').locator('input').first();
    await slots.click();
    await slots.fill('25');
    await slots.press('Enter');
    await page.getByTestId('settings-save').click();
    const refused = field(page, 'programSlots').getByTestId('field-issue');
    await refused.waitFor();
    expect(await refused.innerText()).toBe('Positions must be below the page size (20).');
    await shot(page, 'settings-refused-en');
    await context.close();
  });

  it('speaks Chinese on every operator page', async () => {
    const { context, page } = await h.newPage({ locale: 'zh-CN' });
    await signIn(page, 'operator');
    const menu = await page.getByTestId('nav-menu').innerText();
    for (const label of ['流量总览', '流量计划', '排序设置']) expect(menu).toContain(label);
    await openMenu(page, 'traffic/programs');
    const table = page.getByTestId('programs-table');
    await table.locator(`tr[data-row-key="${created.id}"]`).waitFor();
    const text = await table.innerText();
    for (const kind of ['新主播保护', '川流计划', '活动流量预算', '类目赛马']) expect(text).toContain(kind);
    expect(await table.locator(`tr[data-row-key="${created.id}"]`).innerText()).toContain(CREATED_ZH);
    expect(await table.locator(`tr[data-row-key="${budget.id}"]`).innerText()).toContain(
      '曝光池 120,000 · 推荐、频道 · 按经营分与成交额 · 商家自主报名',
    );
    await shot(page, 'programs-zh');

    await table.locator(`tr[data-row-key="${created.id}"]`).click();
    await page.getByTestId('delivery-table').locator(`tr[data-row-key="${plannedDay}"]`).waitFor();
    expect(await page.getByTestId('program-title').innerText()).toBe(CREATED_ZH);
    const head = await page.getByTestId('delivery-table').locator('thead').innerText();
    for (const label of ['日期', '参与方', '目标', '已投放', '自然曝光', '最大缺口'])
      expect(head).toContain(label);
    await chartPoints(page, 'delivery-chart');
    await shot(page, 'program-delivery-zh');
    await page.getByTestId('tab-versions').click();
    await page.getByTestId('versions-table').locator('tr[data-row-key="3"]').waitFor();
    expect(await page.getByTestId('versions-table').innerText()).toContain('每日保底');
    await shot(page, 'program-versions-zh');

    await page.goto(
      `/traffic/programs/${race.id}?tab=leaderboard&month=${shift(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}`,
    );
    await page.getByTestId('leaderboard-table').locator('tr[data-row-key]').first().waitFor();
    expect(await page.getByTestId('leaderboard-state').innerText()).toBe('已结算');
    await shot(page, 'race-leaderboard-zh');

    await openMenu(page, 'traffic');
    await chartPoints(page, 'scene-chart');
    const scenes = await page.getByTestId('scene-table').innerText();
    for (const scene of ['推荐', '直播广场', '频道']) expect(scenes).toContain(scene);
    expect(await page.getByTestId('costs-table').innerText()).toContain(CREATED_ZH);
    await shot(page, 'overview-zh');

    await openMenu(page, 'traffic/settings');
    await chartPoints(page, 'curve-chart');
    const form = await page.getByTestId('settings-form').innerText();
    for (const label of ['流量曲线', '每页条数', '计划坑位', '对照组用户占比']) expect(form).toContain(label);
    await shot(page, 'settings-zh');
    await context.close();
  });

  it('shows the merchant its traffic, refuses a budget with the reason and enrols in another', async () => {
    type Mine = {
      exposures: ExposureRow[];
      participation: { program: Program; participants: Participant[] }[];
    };
    const mine = await apiAs<Mine>('merchant', `/v1/traffic/merchants/${merchantId}`);
    const taking = mine.participation.filter((e) => e.participants.some((p) => p.status !== 'removed'));
    expect(taking.length, 'the demo merchant takes part in a program').toBeGreaterThan(0);

    const { context, page } = await h.newPage();
    await signIn(page, 'merchant');
    expect(await page.getByTestId('nav-menu').innerText()).toContain('My traffic');
    await openMenu(page, 'traffic');
    const cards = page.getByTestId('my-programs').getByTestId('program-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(taking.length);
    expect(await page.getByTestId('kpi-joined').innerText()).toContain(String(taking.length));
    expect(await chartPoints(page, 'scene-chart')).toBe(30);
    // Each program card says what the merchant got from it.
    for (const e of taking) {
      const card = page.locator(`[data-testid="program-card"][data-id="${e.program.id}"]`);
      const p = e.participants.find((x) => x.status !== 'removed') as Participant;
      if (e.program.kind === 'horse_race')
        expect(await card.getByTestId('race-prize').first().innerText()).toBe(n(p.allocation));
      if (e.program.kind === 'protection')
        expect(await card.getByTestId('protected-until').first().innerText()).toMatch(/^\d{4}-\d\d-\d\d$/);
    }
    // The race seeded above pays the merchant's store when it placed last month.
    const won = taking.find((e) => e.program.id === race.id);
    if (won) {
      const rank = String(won.participants[0]?.detail.rank);
      const card = page.locator(`[data-testid="program-card"][data-id="${race.id}"]`);
      expect(await card.getByTestId('race-rank').innerText()).toBe(rank);
    }

    // The budget nobody qualifies for: refused, and the card says why.
    const strictCard = page.locator(`[data-testid="join-card"][data-id="${strict.id}"]`);
    await strictCard.getByTestId('enrol').click();
    const refused = strictCard.getByTestId('enrol-error');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/The store’s score [\d.]+ is below the minimum 999\./);

    // The open budget: enrolled, the card moves to My programs with a withdraw button.
    const joinCard = page.locator(`[data-testid="join-card"][data-id="${budget.id}"]`);
    expect(await joinCard.innerText()).toContain('120,000');
    await joinCard.getByTestId('enrol').click();
    const enrolled = page.locator(`[data-testid="program-card"][data-id="${budget.id}"]`);
    await enrolled.waitFor();
    expect(await enrolled.innerText()).toContain('Enrolled');
    await enrolled.getByTestId('withdraw').waitFor();
    await joinCard.waitFor({ state: 'detached' });
    const parts = await apiAs<{ items: Participant[] }>(
      'merchant',
      `/v1/traffic/programs/${budget.id}/participants`,
    );
    expect(parts.items).toMatchObject([{ entityId: store.id, status: 'enrolled' }]);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await shot(page, 'merchant-en');

    // 中文: the same page, then the merchant withdraws and the budget is open to it again.
    await page.getByTestId('lang-switch').click();
    await page.locator('h4', { hasText: '我的流量' }).waitFor();
    expect(await enrolled.innerText()).toContain('已报名');
    expect(await page.getByTestId('my-programs').innerText()).toContain('活动流量预算');
    await chartPoints(page, 'scene-chart');
    await shot(page, 'merchant-zh');
    await enrolled.getByTestId('withdraw').click();
    await page.getByTestId('withdraw-confirm').click();
    await joinCard.waitFor();
    const left = await apiAs<{ items: Participant[] }>(
      'merchant',
      `/v1/traffic/programs/${budget.id}/participants`,
    );
    expect(left.items).toMatchObject([{ entityId: store.id, status: 'removed' }]);
    await context.close();
  });
});
