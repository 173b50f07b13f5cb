import { translator } from '../../test-i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import { LINE_STATUSES, type Plan, type Reconciliation } from '../../api-types';
import { distEn } from '../../i18n/distribution.en';
import { distZh } from '../../i18n/distribution.zh';
import {
  availableOf,
  bpToPercent,
  feePolicyBody,
  formPath,
  LINE_STATUS_COLORS,
  normalBalance,
  percentToBp,
  planBody,
  planIssueText,
  planValues,
  reconOk,
  reconSum,
  STATUS_CODES,
  shortLink,
} from './logic';

type T = (key: string, params?: Record<string, string>) => string;
let tEn: T;
let tZh: T;

beforeAll(async () => {
  tEn = await translator<T>('en', distEn, distZh);
  tZh = await translator<T>('zh', distEn, distZh);
});

describe('rates', () => {
  it('turns typed percentages into whole basis points and back', () => {
    expect(percentToBp(12.5)).toBe(1250);
    expect(percentToBp(0.29)).toBe(29); // 0.29 × 100 is 28.999… in floating point
    expect(percentToBp(33.33)).toBe(3333);
    expect(percentToBp(undefined)).toBeUndefined();
    expect(percentToBp(null)).toBeUndefined();
    expect(bpToPercent(1250)).toBe(12.5);
    expect(bpToPercent(null)).toBeUndefined();
  });
});

describe('statuses', () => {
  it('has a colour and the server’s code for every line status', () => {
    for (const s of LINE_STATUSES) expect(LINE_STATUS_COLORS[s]).toBeTruthy();
    expect(STATUS_CODES).toEqual({
      estimated: 16,
      completed: 17,
      settleable: 18,
      settled: 19,
      paid: 20,
      invalid: 13,
    });
  });

  it('names every status and invalid reason in both languages', () => {
    for (const s of LINE_STATUSES) {
      expect(tEn(`lineStatus.${s}`)).not.toBe(`lineStatus.${s}`);
      expect(tZh(`lineStatus.${s}`)).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const r of [
      'cancelled',
      'refunded',
      'split_parent',
      'self_purchase',
      'abnormal_clicks',
      'refund_farming',
      'quantity_cap',
    ])
      expect(tZh(`invalidReason.${r}`)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('uses the back-office words for the navigation', () => {
    expect(Object.values(distZh.nav)).toEqual(
      expect.arrayContaining([
        '分销计划',
        '选品广场',
        '推广链接',
        '佣金订单',
        '结算单',
        '费率政策',
        '风控审核',
        '对账',
      ]),
    );
  });
});

const recon = (over: Partial<Reconciliation> = {}): Reconciliation => ({
  orderId: 'o1',
  buyerPaid: 7480,
  merchant: 5610,
  creator: 942,
  promoter: 0,
  agency: 404,
  leader: 0,
  platform: { serviceFee: 150, transactionFee: 374, subsidy: 0, net: 524 },
  refunds: 0,
  balanced: true,
  ledger: [],
  ledgerMatches: true,
  ledgerState: 'pending',
  ...over,
});

describe('reconciliation', () => {
  it('is OK when the shares add up to what the buyer paid, to the fen', () => {
    expect(reconSum(recon())).toBe(7480);
    expect(reconOk(recon())).toBe(true);
  });

  it('is a mismatch when a fen is missing, whatever the server says', () => {
    expect(reconOk(recon({ merchant: 5609 }))).toBe(false);
    expect(reconOk(recon({ balanced: false }))).toBe(false);
    // A platform net that is not fees less subsidy is caught too.
    expect(reconOk(recon({ platform: { serviceFee: 150, transactionFee: 374, subsidy: 1, net: 524 } }))).toBe(
      false,
    );
  });

  it('counts refunds and subsidies in the sum', () => {
    const r = recon({
      buyerPaid: 7480,
      merchant: 5000,
      refunds: 1000,
      creator: 500,
      agency: 300,
      platform: { serviceFee: 300, transactionFee: 400, subsidy: 20, net: 680 },
    });
    expect(reconSum(r)).toBe(7480);
    expect(reconOk(r)).toBe(true);
  });
});

describe('ledger and links', () => {
  it('shows credit-normal balances as what is owed to the owner', () => {
    expect(normalBalance({ normalSide: 'credit' }, -942)).toBe(942);
    expect(normalBalance({ normalSide: 'debit' }, 7480)).toBe(7480);
  });

  it('builds the public click address', () => {
    expect(shortLink('https://t.example/', 'k3m9x2qa')).toBe('https://t.example/c/k3m9x2qa');
  });

  it('counts available earnings as settled less paid out', () => {
    expect(availableOf({ settled: 5000, paid: 1200 })).toBe(3800);
  });
});

describe('plan form', () => {
  it('sends rates in basis points, drops empty rows and leaves parties off open plans', () => {
    const body = planBody(
      {
        kind: 'open',
        name: ' Double 11 ',
        defaultRate: 12.5,
        startsAt: '2026-11-01T00:00:00.000Z',
        products: [{ productId: 'p1', rate: 20 }, { productId: 'p2' }, {}],
        parties: [{ type: 'creator', id: 'cr1' }],
        boosts: [
          {
            name: 'peak',
            extra: 5,
            startsAt: '2026-11-10T12:00:00.000Z',
            endsAt: '2026-11-12T00:00:00.000Z',
          },
          {},
        ],
        couponTemplateId: 'ct1',
      },
      false,
    );
    expect(body).toEqual({
      name: 'Double 11',
      kind: 'open',
      status: 'active',
      defaultRateBp: 1250,
      presaleRateBp: null,
      couponTemplateId: null,
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: null,
      products: [{ productId: 'p1', rateBp: 2000 }, { productId: 'p2' }],
      boosts: [
        {
          name: 'peak',
          extraBp: 500,
          startsAt: '2026-11-10T12:00:00.000Z',
          endsAt: '2026-11-12T00:00:00.000Z',
        },
      ],
    });
  });

  it('keeps parties, coupon and boost ids of a targeted plan, and leaves out what a PATCH cannot change', () => {
    const plan: Plan = {
      id: 'cpl-1',
      merchantId: 'm1',
      name: 'Nuts',
      kind: 'targeted',
      status: 'active',
      defaultRateBp: 1500,
      presaleRateBp: 3000,
      couponTemplateId: 'ct1',
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: '2026-11-12T00:00:00.000Z',
      products: [{ productId: 'p1', rateBp: 2500 }],
      parties: [{ type: 'creator', id: 'cr1' }],
      boosts: [
        {
          id: 'cpl-1-b1',
          name: 'peak',
          extraBp: 500,
          startsAt: '2026-11-10T12:00:00.000Z',
          endsAt: '2026-11-12T00:00:00.000Z',
        },
      ],
      createdAt: '2026-10-01T00:00:00.000Z',
      updatedAt: '2026-10-01T00:00:00.000Z',
    };
    const body = planBody(planValues(plan), true);
    expect(body).toEqual({
      name: 'Nuts',
      defaultRateBp: 1500,
      presaleRateBp: 3000,
      couponTemplateId: 'ct1',
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: '2026-11-12T00:00:00.000Z',
      products: [{ productId: 'p1', rateBp: 2500 }],
      parties: [{ type: 'creator', id: 'cr1' }],
      boosts: [
        {
          id: 'cpl-1-b1',
          name: 'peak',
          extraBp: 500,
          startsAt: '2026-11-10T12:00:00.000Z',
          endsAt: '2026-11-12T00:00:00.000Z',
        },
      ],
    });
    expect(body).not.toHaveProperty('kind');
    expect(body).not.toHaveProperty('merchantId');
  });

  it('puts the server’s field paths on the form’s fields', () => {
    expect(formPath('defaultRateBp')).toBe('defaultRate');
    expect(formPath('products.3.rateBp')).toBe('products.3.rate');
    expect(formPath('boosts.0.extraBp')).toBe('boosts.0.extra');
    expect(formPath('parties.1')).toBe('parties.1');
  });

  it('explains the server’s refusals in the UI language, and keeps unknown ones as they came', () => {
    const window =
      "the boost (2026-11-22T09:00:00.000Z to 2027-01-21T09:00:00.000Z) must lie within the plan's window (2026-11-22T09:00:00.000Z to 2026-12-22T09:00:00.000Z).";
    expect(planIssueText(window, tEn)).toBe('The boost must lie within the plan’s window.');
    expect(planIssueText(window, tZh)).toBe('加佣时段须在计划有效期内。');
    const rate = 'products.0.rateBp must be a whole number of basis points from 0 to 9000 (90%); got 9500.';
    expect(planIssueText(rate, tEn)).toBe('Must be a rate from 0% to 90%.');
    expect(planIssueText(rate, tZh)).toBe('佣金比例须在 0%–90% 之间。');
    const clash =
      'creator cr1 already has exclusive plan cpl-ex for product p1 from 2026-11-01T00:00:00.000Z to open-ended; end it or make the windows or products not overlap.';
    expect(planIssueText(clash, tZh)).toContain('cpl-ex');
    expect(planIssueText('something new', tZh)).toBe('something new');
  });
});

describe('fee policy form', () => {
  it('sends percentages as basis points and no restriction as null (any)', () => {
    expect(
      feePolicyBody({
        name: ' POP live ',
        kind: 'transaction',
        defaultRate: 1,
        categories: [{ categoryId: 'c1', rate: 0.6 }, { categoryId: '' }],
        merchantTypes: ['pop'],
        scenes: ['live'],
        channels: [],
        startsAt: '2026-11-01T00:00:00.000Z',
      }),
    ).toEqual({
      name: 'POP live',
      kind: 'transaction',
      defaultBp: 100,
      categoryBp: { c1: 60 },
      merchantTypes: ['pop'],
      scenes: ['live'],
      channels: null,
      priority: 0,
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: null,
    });
  });
});
