import { describe, expect, it } from 'vitest';
import { marketEn } from '../../i18n/market.en';
import { marketZh } from '../../i18n/market.zh';
import {
  actorOf,
  bpToPercentText,
  commissionOf,
  contributionRows,
  daysFrom,
  dueState,
  fenToYuanText,
  issueKey,
  jobBody,
  jobFormField,
  percentTextToBp,
  reasonCodes,
  reasonValueText,
  sampleActions,
  sampleTabs,
  scorePercent,
  termLines,
  timeline,
  yuanTextToFen,
} from './market-format';
import type { JobResults } from './market-types';

describe('money and rates as typed', () => {
  it('reads yuan to fen from the digits, never through a float', () => {
    expect(yuanTextToFen('1.005')).toBeNull(); // three decimals: not an amount
    expect(yuanTextToFen('0.07')).toBe(7); // 0.07 × 100 = 7.000000000000001 as floats
    expect(yuanTextToFen('1.1')).toBe(110);
    expect(yuanTextToFen('19.99')).toBe(1999);
    expect(yuanTextToFen('¥1,234.5')).toBe(123450);
    expect(yuanTextToFen(' 8000 ')).toBe(800000);
    expect(yuanTextToFen('12.')).toBe(1200);
    expect(yuanTextToFen(300)).toBe(30000);
    expect(yuanTextToFen('-5')).toBeNull();
    expect(yuanTextToFen('abc')).toBeNull();
    expect(yuanTextToFen('')).toBeNull();
    expect(yuanTextToFen(undefined)).toBeNull();
    // Beyond safe integers there is no exact fen.
    expect(yuanTextToFen('99999999999999999')).toBeNull();
  });

  it('writes fen back as the text a form starts from', () => {
    expect(fenToYuanText(123450)).toBe('1234.5');
    expect(fenToYuanText(100)).toBe('1');
    expect(fenToYuanText(7)).toBe('0.07');
    expect(fenToYuanText(1999)).toBe('19.99');
    for (const fen of [0, 1, 10, 99, 101, 123456789]) expect(yuanTextToFen(fenToYuanText(fen))).toBe(fen);
  });

  it('reads percentages to basis points exactly, at most 100%', () => {
    expect(percentTextToBp('12.5')).toBe(1250);
    expect(percentTextToBp('12.5%')).toBe(1250);
    expect(percentTextToBp('0.29')).toBe(29); // 0.29 × 100 = 28.999999999999996 as floats
    expect(percentTextToBp('100')).toBe(10000);
    expect(percentTextToBp('100.01')).toBeNull();
    expect(percentTextToBp('1.234')).toBeNull();
    expect(bpToPercentText(1250)).toBe('12.5');
    expect(bpToPercentText(800)).toBe('8');
  });

  it('rounds commission half up to the fen, exactly for large GMV', () => {
    expect(commissionOf(12345, 1000)).toBe(1235); // 1234.5 → 1235
    expect(commissionOf(12344, 1000)).toBe(1234); // 1234.4
    expect(commissionOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(commissionOf(0, 2000)).toBe(0);
    // 9,007,199,254,740,991 × 9,999 overflows doubles; BigInt gives the exact 9,006,298,534,815,516.9… → …517.
    expect(commissionOf(Number.MAX_SAFE_INTEGER, 9999)).toBe(
      Number((BigInt(Number.MAX_SAFE_INTEGER) * 9999n + 5000n) / 10000n),
    );
  });
});

describe('samples', () => {
  it('lists every status after "all", with the counts summed', () => {
    const tabs = sampleTabs({ requested: 3, shipped: 2, overdue: 1 });
    expect(tabs.map((t) => t.key)).toEqual([
      'all',
      'requested',
      'approved',
      'rejected',
      'shipped',
      'received',
      'fulfilled',
      'overdue',
      'returned',
    ]);
    expect(tabs[0]!.count).toBe(6);
    expect(tabs.find((t) => t.key === 'approved')!.count).toBe(0);
  });

  it('says where a sample stands against its due day', () => {
    const base = { contentDueOn: '2026-03-10', fulfilledAt: null, fulfilledLate: false };
    expect(daysFrom('2026-02-27', '2026-03-02')).toBe(3); // across February's end
    expect(dueState({ ...base, status: 'received' }, '2026-03-07')).toEqual({ state: 'open', daysLeft: 3 });
    expect(dueState({ ...base, status: 'received' }, '2026-03-10')).toEqual({ state: 'open', daysLeft: 0 });
    expect(dueState({ ...base, status: 'overdue' }, '2026-03-13')).toEqual({ state: 'overdue', daysLate: 3 });
    // Received, past the day but read before the server re-labelled it: still overdue.
    expect(dueState({ ...base, status: 'received' }, '2026-03-11')).toEqual({
      state: 'overdue',
      daysLate: 1,
    });
    expect(
      dueState(
        { ...base, status: 'fulfilled', fulfilledAt: '2026-03-12T02:00:00Z', fulfilledLate: true },
        '2026-03-20',
      ),
    ).toEqual({ state: 'done', late: true });
    expect(
      dueState({ ...base, status: 'returned', fulfilledAt: '2026-03-09T02:00:00Z' }, '2026-03-20'),
    ).toEqual({ state: 'done', late: false });
    expect(dueState({ ...base, contentDueOn: null, status: 'shipped' }, '2026-03-01')).toEqual({
      state: 'none',
    });
  });

  it('offers each side the steps its status allows', () => {
    expect(sampleActions('merchant', 'requested')).toEqual(['approve', 'reject']);
    expect(sampleActions('merchant', 'approved')).toEqual(['ship']);
    expect(sampleActions('merchant', 'shipped')).toEqual([]);
    expect(sampleActions('creator', 'requested')).toEqual([]);
    expect(sampleActions('creator', 'shipped')).toEqual(['receive']);
    expect(sampleActions('creator', 'received')).toEqual(['fulfil']);
    expect(sampleActions('creator', 'overdue', true)).toEqual(['fulfil', 'return']);
    expect(sampleActions('creator', 'overdue', false)).toEqual(['fulfil']);
    expect(sampleActions('creator', 'fulfilled', true)).toEqual(['return']);
    expect(sampleActions('creator', 'fulfilled')).toEqual([]);
    expect(sampleActions('creator', 'returned')).toEqual([]);
    expect(sampleActions('operator', 'requested')).toEqual([]);
  });

  it('orders the history oldest first and names who moved it', () => {
    const h = timeline([
      { status: 'approved', at: '2026-03-01T03:00:00Z', by: 'policy' },
      { status: 'requested', at: '2026-03-01T02:59:59Z', by: 'creator:cr_1' },
    ]);
    expect(h.map((x) => x.status)).toEqual(['requested', 'approved']);
    expect(actorOf('creator:cr_1')).toEqual({ kind: 'creator', id: 'cr_1' });
    expect(actorOf('merchant:m:2')).toEqual({ kind: 'merchant', id: 'm:2' });
    expect(actorOf('policy')).toEqual({ kind: 'policy', id: null });
    expect(actorOf(null)).toEqual({ kind: 'policy', id: null });
  });
});

describe('server refusals', () => {
  it('finds the dictionary key by code, else by the sentence of its field', () => {
    expect(issueKey({ field: 'creatorId', reason: 'x', code: 'creator_not_contracted' })).toBe(
      'creator_not_contracted',
    );
    expect(issueKey({ field: 'sessions', reason: 'must be a whole number from 1 to 1000' })).toBe(
      'sessions_range',
    );
    expect(issueKey({ field: 'endsOn', reason: 'must not be before startsOn' })).toBe('invalid_dates');
    expect(issueKey({ field: 'storeId', reason: 'there is no store s_9' })).toBe('unknown_store');
    expect(issueKey({ field: 'title', reason: 'is required' })).toBe('required');
    expect(issueKey({ field: 'creatorId', reason: 'is required for agencies' })).toBe('creator_required');
    // A sentence of another field is not taken for this one.
    expect(issueKey({ field: 'title', reason: 'must be a whole number from 1 to 1000' })).toBeNull();
    expect(issueKey({ field: 'x', reason: 'something new' })).toBeNull();
  });

  it('has both languages say every code the pages look up', () => {
    const keys = [
      'creator_score_below_minimum',
      'followers_below_minimum',
      'sessions_range',
      'hours_range',
      'fee_range',
      'rate_range',
      'invalid_dates',
      'unknown_store',
      'not_own_store',
      'unknown_category',
      'unknown_creator',
      'creator_required',
      'required',
    ];
    for (const k of keys) {
      expect(marketEn.codes).toHaveProperty(k);
      expect(marketZh.codes).toHaveProperty(k);
    }
    expect(Object.keys(marketZh.codes).sort()).toEqual(Object.keys(marketEn.codes).sort());
  });
});

describe('proxy jobs', () => {
  it('builds the POST body with exact fen and basis points', () => {
    const body = jobBody(
      {
        storeId: 's1',
        title: '  Evening streams ',
        categoryId: 'c1',
        dates: ['2026-04-01', '2026-04-30'],
        sessions: 8,
        hoursPerSession: 2.5,
        fixedFeeYuan: '8,000.07',
        commissionPct: '12.5',
        minFollowers: 10000,
        note: ' ',
      },
      'job-1',
    );
    expect(body).toEqual({
      id: 'job-1',
      storeId: 's1',
      title: 'Evening streams',
      categoryId: 'c1',
      startsOn: '2026-04-01',
      endsOn: '2026-04-30',
      sessions: 8,
      hoursPerSession: 2.5,
      fixedFee: 800007,
      commissionBp: 1250,
      minFollowers: 10000,
    });
    // What does not convert reaches the server as an out-of-range figure, refused beside its field.
    const bad = jobBody({ fixedFeeYuan: '1.234', commissionPct: '150' });
    expect(bad.fixedFee).toBe(-1);
    expect(bad.commissionBp).toBe(-1);
  });

  it('maps API fields to the form fields that show them', () => {
    expect(jobFormField('startsOn')).toBe('dates');
    expect(jobFormField('endsOn')).toBe('dates');
    expect(jobFormField('fixedFee')).toBe('fixedFeeYuan');
    expect(jobFormField('commissionBp')).toBe('commissionPct');
    expect(jobFormField('sessions')).toBe('sessions');
  });

  it('sets the results against the terms', () => {
    const r: JobResults = {
      sessions: [],
      sessionsDone: 3,
      sessionsAgreed: 8,
      hours: 7.5,
      gmv: 1_234_567,
      orders: 40,
      commission: commissionOf(1_234_567, 1250),
      fee: 800_000,
      total: 800_000 + commissionOf(1_234_567, 1250),
      gpm: 0,
      onTrack: false,
    };
    const lines = termLines({ sessions: 8, hoursPerSession: 2.5 }, r);
    expect(lines.map((l) => l.key)).toEqual(['sessions', 'hours', 'gmv', 'commission', 'fee', 'total']);
    expect(lines[0]).toEqual({ key: 'sessions', actual: 3, agreed: 8, share: 3 / 8 });
    expect(lines[1]).toEqual({ key: 'hours', actual: 7.5, agreed: 20, share: 7.5 / 20 });
    expect(lines[3]!.actual).toBe(154_321); // 1,234,567 × 12.5% = 154,320.875 → 154,321
    expect(lines[5]!.actual).toBe(954_321);
    expect(lines[5]!.share).toBeNull();
  });
});

describe('recommendations', () => {
  const reason = (code: string, contribution: number, value: number | null = 0.5) => ({
    code,
    value,
    contribution,
    text: '',
  });

  it('stacks each reason’s contribution per item, the usual order first', () => {
    const items = [
      {
        name: 'A',
        reasons: [reason('commission', 0.05), reason('category_fit', 0.3), reason('novel', 0.01)],
      },
      { name: 'B', reasons: [reason('word_of_mouth', 0.2), reason('category_fit', 0.1)] },
    ];
    expect(reasonCodes(items)).toEqual(['category_fit', 'word_of_mouth', 'commission', 'novel']);
    expect(reasonCodes([{ reasons: [reason('reach', 0.3), reason('category_fit', 0.1)] }])).toEqual([
      'category_fit',
      'reach',
    ]);
    const { codes, source } = contributionRows(items, (i) => i.name);
    expect(codes).toEqual(['category_fit', 'word_of_mouth', 'commission', 'novel']);
    expect(source).toEqual([
      { label: 'A', category_fit: 0.3, word_of_mouth: 0, commission: 0.05, novel: 0.01 },
      { label: 'B', category_fit: 0.1, word_of_mouth: 0.2, commission: 0, novel: 0 },
    ]);
  });

  it('reads each reason’s value in its unit', () => {
    expect(reasonValueText('category_fit', 0.8567, 'en')).toBe('85.7%');
    expect(reasonValueText('audience_overlap', 0.0123, 'en')).toBe('1.2%');
    expect(reasonValueText('word_of_mouth', 4.6, 'en')).toBe('4.60');
    expect(reasonValueText('word_of_mouth', null, 'en')).toBe('—');
    expect(reasonValueText('gpm_history', 123456, 'zh')).toBe('¥1,234.56');
    expect(reasonValueText('commission', 1250, 'en')).toBe('12.50%');
    expect(reasonValueText('reach', 10642.6, 'en')).toBe('10,643');
    expect(scorePercent(0.734)).toBe(73);
    expect(scorePercent(1.2)).toBe(100);
    expect(scorePercent(-0.1)).toBe(0);
  });
});
