import { translator } from '../../test-i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import { trafficEn } from '../../i18n/traffic.en';
import { trafficZh } from '../../i18n/traffic.zh';
import {
  addDays,
  budgetState,
  byScene,
  createBody,
  curveShares,
  dailyByScene,
  daysBetween,
  issueText,
  lastDays,
  metricValue,
  paramEntries,
  paramsFromForm,
  paramsSummary,
  paramsToForm,
  participantDetail,
  patchBody,
  programName,
  programToForm,
  protectedUntil,
  settingsBody,
  settingsIssueField,
  settingsToForm,
  staleVersion,
  summarize,
  versionChanges,
} from './traffic-format';
import type { TrafficKey } from './traffic-i18n';
import { DEFAULT_PARAMS, type ExposureRow, type Participant, type Program } from './traffic-types';

type T = (key: TrafficKey, options?: Record<string, unknown>) => string;
let tEn: T;
let tZh: T;

beforeAll(async () => {
  tEn = await translator<T>('en', trafficEn, trafficZh);
  tZh = await translator<T>('zh', trafficEn, trafficZh);
});

const program = (over: Partial<Program> = {}): Program => ({
  id: 'tp_1',
  kind: 'protection',
  name: 'New-streamer protection',
  nameZh: '新主播保护',
  startsOn: '2026-11-01',
  endsOn: null,
  status: 'active',
  params: DEFAULT_PARAMS.protection,
  version: 3,
  updatedAt: '2026-12-01T02:00:00Z',
  ...over,
});

const row = (day: string, scene: string, programId: string, arm: 'score' | 'holdout', exposures: number) =>
  ({ day, scene, programId, arm, exposures }) satisfies ExposureRow;

describe('days', () => {
  it('shifts calendar days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });

  it('counts business days in the marketplace zone (UTC+8)', () => {
    // 17:00 UTC on 4 December is 01:00 on the 5th in Shanghai.
    expect(lastDays(7, Date.parse('2026-12-04T17:00:00Z'))).toEqual({ from: '2026-11-29', to: '2026-12-05' });
  });

  it('protects a room for `days` business days from its first live day', () => {
    // First live at 23:30 UTC on 5 November is the 6th in Shanghai; 45 days of protection end on 20 December.
    expect(protectedUntil('2026-11-05T23:30:00Z', 45)).toBe('2026-12-20');
    expect(protectedUntil('2026-11-06T02:00:00Z', 1)).toBe('2026-11-06');
  });
});

describe('exposure pivots', () => {
  const rows = [
    row('2026-12-01', 'feed', '', 'score', 900),
    row('2026-12-01', 'feed', '', 'holdout', 100),
    row('2026-12-01', 'feed', 'tp_race', 'score', 50),
    row('2026-12-03', 'live_feed', 'tp_prot', 'score', 30),
    row('2026-12-03', 'search', '', 'score', 20),
  ];

  it('sums programs, organic and the holdout arm', () => {
    const s = summarize(rows);
    expect(s).toMatchObject({ total: 1100, programs: 80, organic: 1020, holdout: 100 });
    expect(Object.fromEntries(s.byProgram)).toEqual({ tp_race: 50, tp_prot: 30 });
  });

  it('fills every day of the period, with scenes in their usual order', () => {
    const { scenes, source } = dailyByScene(rows, '2026-11-30', '2026-12-03');
    expect(scenes).toEqual(['feed', 'search', 'live_feed']);
    expect(source.map((r) => r.day)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(source[0]).toMatchObject({ feed: 0, programs: 0, organic: 0 });
    expect(source[1]).toMatchObject({ feed: 1050, programs: 50, organic: 1000 });
    expect(source[3]).toMatchObject({ live_feed: 30, search: 20, programs: 30, organic: 20 });
  });

  it('breaks exposures down by scene', () => {
    expect(byScene(rows)).toEqual([
      { scene: 'feed', exposures: 1050, programs: 50, holdout: 100 },
      { scene: 'search', exposures: 20, programs: 0, holdout: 0 },
      { scene: 'live_feed', exposures: 30, programs: 30, holdout: 0 },
    ]);
  });
});

describe('programs as read', () => {
  it('names a program in the reader’s language', () => {
    expect(programName(program(), 'zh')).toBe('新主播保护');
    expect(programName(program(), 'en')).toBe('New-streamer protection');
    expect(programName(program({ nameZh: null }), 'zh')).toBe('New-streamer protection');
  });

  it('summarises each kind’s parameters in both languages', () => {
    expect(paramsSummary('protection', DEFAULT_PARAMS.protection, tEn, 'en')).toBe(
      '45 days · boost ×1.5 · 2,000 a day',
    );
    expect(paramsSummary('budget', DEFAULT_PARAMS.budget, tZh, 'zh')).toBe(
      '曝光池 1,000,000 · 推荐、频道 · 按经营分与成交额 · 商家自主报名',
    );
    expect(paramsSummary('horse_race', { ...DEFAULT_PARAMS.horse_race, categoryId: 'c02' }, tEn, 'en')).toBe(
      'Category c02 · GMV growth · top 10 · 1st wins 300,000',
    );
    const names = (id: string) => (id === 'c02' ? '美妆个护' : id);
    expect(
      paramsSummary('horse_race', { ...DEFAULT_PARAMS.horse_race, categoryId: 'c02' }, tZh, 'zh', names),
    ).toBe('类目 美妆个护 · 成交额增长 · 前 10 名 · 第一名 300,000');
  });

  it('lists every parameter with its value as read', () => {
    const race = paramEntries('horse_race', { ...DEFAULT_PARAMS.horse_race, categoryId: 'c02' }, tEn, 'en');
    expect(Object.fromEntries(race.map((e) => [e.key, e.value]))).toEqual({
      categoryId: 'c02',
      metric: 'GMV growth',
      topN: '10',
      prizes: '300,000 / 200,000 / 150,000 / 100,000',
      minPreviousGmv: '¥1,000.00',
    });
    expect(race[0]?.label).toBe('form.horse_race.categoryId');
    const budget = paramEntries('budget', DEFAULT_PARAMS.budget, tZh, 'zh');
    expect(budget.find((e) => e.key === 'minStoreScore')?.value).toBe('—');
    expect(budget.find((e) => e.key === 'categoryIds')?.value).toBe('所有店铺');
  });

  it('reads race metrics as money, growth or counts', () => {
    expect(metricValue('gmv', 5830447, 'en')).toBe('¥58,304.47');
    expect(metricValue('gmv_growth', 0.125, 'en')).toBe('+12.5%');
    expect(metricValue('gmv_growth', -0.5, 'en')).toBe('-50.0%');
    expect(metricValue('orders', 1281, 'zh')).toBe('1,281');
  });

  it('explains what a participant’s detail records', () => {
    const p = (detail: Record<string, unknown>) => ({ detail }) as Pick<Participant, 'detail'>;
    expect(
      participantDetail(
        { kind: 'protection' },
        p({ firstLiveAt: '2026-11-06T02:01:04Z', days: 45 }),
        tEn,
        'en',
      ),
    ).toBe('First live 2026-11-06 · protected until 2026-12-20');
    expect(
      participantDetail(
        { kind: 'horse_race' },
        p({ month: '2026-11', rank: 2, paidIn: '2026-12' }),
        tZh,
        'zh',
      ),
    ).toBe('2026-11：第 2 名 · 2026-12 发放');
    expect(participantDetail({ kind: 'budget' }, p({ score: null, gmv30d: 12345 }), tEn, 'en')).toBe(
      'Score none · 30-day GMV ¥123.45',
    );
    expect(participantDetail({ kind: 'chuanliu' }, p({}), tEn, 'en')).toBe('');
  });
});

describe('the program form', () => {
  it('starts a new program from the kind’s defaults and sends only its own keys', () => {
    const v = programToForm(null, '2026-12-05');
    expect(v).toMatchObject({
      kind: 'protection',
      startsOn: '2026-12-05',
      params: DEFAULT_PARAMS.protection,
    });
    const body = createBody({
      ...v,
      kind: 'chuanliu',
      name: '  Chuanliu  ',
      nameZh: ' ',
      params: { ...paramsToForm('chuanliu', {}), days: 45 },
    });
    expect(body).toEqual({
      kind: 'chuanliu',
      name: 'Chuanliu',
      startsOn: '2026-12-05',
      params: DEFAULT_PARAMS.chuanliu,
    });
  });

  it('edits money in yuan and sends fen, drops empty prizes and blank categories', () => {
    const form = paramsToForm('horse_race', { minPreviousGmv: 123456 });
    expect(form.minPreviousGmv).toBe(1234.56);
    expect(
      paramsFromForm('horse_race', {
        ...form,
        minPreviousGmv: 19.9,
        prizes: [5000, null, 1000],
        categoryId: ' c02 ',
      }),
    ).toMatchObject({ minPreviousGmv: 1990, prizes: [5000, 1000], categoryId: 'c02' });
    expect(
      paramsFromForm('budget', { ...paramsToForm('budget', {}), categoryIds: ['c02', ' ', ' c03'] }),
    ).toMatchObject({ categoryIds: ['c02', 'c03'], minStoreScore: null });
  });

  it('patches only what changed, from the version it started from', () => {
    const p = program();
    const v = programToForm(p, '2026-12-05');
    expect(patchBody(v, p)).toEqual({ baseVersion: 3 });
    expect(
      patchBody(
        { ...v, nameZh: '', endsOn: '2026-12-31', params: { ...v.params, minDaily: 300 }, note: ' more ' },
        p,
      ),
    ).toEqual({
      baseVersion: 3,
      nameZh: null,
      endsOn: '2026-12-31',
      params: { minDaily: 300 },
      note: 'more',
    });
  });

  it('names what a version changed', () => {
    const a = {
      name: 'A',
      startsOn: '2026-11-01',
      endsOn: null,
      status: 'active',
      params: { days: 45, boost: 1.5 },
    };
    expect(versionChanges(a, undefined)).toEqual([]);
    expect(versionChanges({ ...a, status: 'paused', params: { days: 30, boost: 1.5 } }, a)).toEqual([
      'status',
      'params.days',
    ]);
  });

  it('reads the version in force from a 409', () => {
    expect(staleVersion([{ field: 'baseVersion', reason: 'current version is 4' }])).toBe(4);
    expect(staleVersion([])).toBeNull();
  });
});

describe('the server’s refusals', () => {
  it('translates known sentences and keeps unknown ones', () => {
    expect(issueText('must be >= 1', tEn)).toBe('Must be at least 1.');
    expect(issueText('must be >= 1', tZh)).toBe('不能小于 1。');
    expect(issueText('merchants or creators must earn something', tZh)).toBe(
      '店铺或达人至少一方要有奖励：两个比例都是 0。',
    );
    expect(issueText('positions must be below pageSize (20)', tEn)).toBe(
      'Positions must be below the page size (20).',
    );
    expect(issueText('score 4.8 is below 5', tZh)).toBe('店铺体验分 4.8 低于门槛 5。');
    expect(issueText('enrolment closed when the program started on 2026-12-01', tEn)).toBe(
      'Enrolment closed when the campaign started on 2026-12-01.',
    );
    expect(issueText('must NOT have fewer than 1 characters', tZh)).toBe('必填。');
    expect(issueText('something new', tZh)).toBe('something new');
  });
});

describe('budgets and a merchant', () => {
  const budget = program({
    kind: 'budget',
    startsOn: '2026-12-10',
    endsOn: '2026-12-20',
    params: DEFAULT_PARAMS.budget,
  });
  const part = (status: Participant['status']): Participant => ({
    entityKind: 'store',
    entityId: 's000',
    name: 'Store',
    merchantId: 'm000',
    status,
    allocation: 0,
    detail: {},
    target: 0,
    delivered: 0,
    organic: 0,
    today: null,
  });

  it('may be joined before they start, unless by invitation', () => {
    expect(budgetState(budget, [], '2026-12-05')).toEqual({ state: 'joinable' });
    expect(budgetState(budget, [part('removed')], '2026-12-05')).toEqual({ state: 'joinable' });
    expect(budgetState(budget, [], '2026-12-10')).toEqual({ state: 'closed', reason: 'started' });
    expect(
      budgetState({ ...budget, params: { ...DEFAULT_PARAMS.budget, enrolment: 'invite' } }, [], '2026-12-05'),
    ).toEqual({ state: 'closed', reason: 'invite' });
    expect(budgetState({ ...budget, status: 'paused' }, [], '2026-12-05')).toEqual({
      state: 'closed',
      reason: 'inactive',
    });
  });

  it('may be left while enrolled and before the start', () => {
    expect(budgetState(budget, [part('enrolled')], '2026-12-05')).toEqual({
      state: 'enrolled',
      storeIds: ['s000'],
    });
    expect(budgetState(budget, [part('active')], '2026-12-12')).toEqual({ state: 'taking_part' });
  });
});

describe('ranking settings', () => {
  const base = {
    version: 2,
    settings: {
      pageSize: 20,
      maxCandidates: 1000,
      maxPerStore: 3,
      programSlots: [2, 6],
      holdoutBp: 1000,
      ctrStrength: 400,
      cvrStrength: 40,
      affinityWeight: 1.5,
      curve: Array.from({ length: 24 }, () => 1),
      pacingLead: 0.01,
    },
  };

  it('edits the holdout and the lead as percentages and sends only what changed', () => {
    const f = settingsToForm(base.settings);
    expect(f).toMatchObject({ holdoutPct: 10, pacingLeadPct: 1 });
    expect(settingsBody(f, base)).toEqual({ baseVersion: 2, settings: {} });
    const curve = [...f.curve];
    curve[20] = 3;
    expect(
      settingsBody({ ...f, holdoutPct: 12.5, pacingLeadPct: 2, programSlots: [2, 6, 11], curve }, base),
    ).toEqual({
      baseVersion: 2,
      settings: { holdoutBp: 1250, pacingLead: 0.02, programSlots: [2, 6, 11], curve },
    });
  });

  it('puts the server’s issues on the form’s fields', () => {
    expect(settingsIssueField('settings.curve.3')).toBe('curve');
    expect(settingsIssueField('programSlots')).toBe('programSlots');
    expect(settingsIssueField('settings.holdoutBp')).toBe('holdoutPct');
  });

  it('draws the curve as each hour’s share of the day', () => {
    const shares = curveShares([1, 3, ...Array.from({ length: 22 }, () => 0)]);
    expect(shares.slice(0, 3)).toEqual([25, 75, 0]);
    expect(curveShares(Array.from({ length: 24 }, () => 0)).every((x) => x === 0)).toBe(true);
  });
});
