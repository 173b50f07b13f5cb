import { describe, expect, test } from 'vitest';
import { accountName, normalSide, parseAccount, shown } from './accounts.ts';
import { buildStatement, isMonth, nextMonthStart, statementCsvRows } from './statement.ts';
import { resolveIssues, txIssues } from './validate.ts';

describe('account names', () => {
  test('build and parse back', () => {
    const n = accountName('creator', 'cr_1', 'pending');
    expect(n).toBe('creator:cr_1:pending');
    expect(parseAccount(n)).toEqual({ ownerType: 'creator', ownerId: 'cr_1', purpose: 'pending' });
  });

  test('malformed names and parts are refused', () => {
    for (const bad of [
      'creator:cr_1',
      'robot:x:pending',
      'creator:a:b:c',
      'creator:a b:pending',
      'creator:x:Pending',
      '',
    ])
      expect([bad, parseAccount(bad)]).toEqual([bad, null]);
    expect(() => accountName('creator', 'a:b', 'pending')).toThrow(/owner id/);
    expect(() => accountName('creator', 'a', 'Pending')).toThrow(/purpose/);
  });

  test('normal sides: liabilities and revenue are credit-normal and shown negated', () => {
    expect(normalSide('pending')).toBe('credit');
    expect(normalSide('service_fee_revenue')).toBe('credit');
    expect(normalSide('buyer_funds')).toBe('debit');
    expect(normalSide('subsidy_expense')).toBe('debit');
    expect(shown('payable', -850)).toBe(850);
    expect(shown('buyer_funds', 1000)).toBe(1000);
  });
});

describe('transaction validation', () => {
  const at = new Date('2026-10-01T00:00:00Z');
  test('a balanced transaction has no issues', () => {
    expect(
      txIssues({
        key: 'k',
        kind: 'commission.estimate',
        at,
        entries: [
          { account: 'platform:main:buyer_funds', amount: 5 },
          { account: 'merchant:m_1:payable', amount: -5 },
        ],
      }),
    ).toEqual([]);
  });

  test('every problem is named by field, including sums past 2^53 computed exactly', () => {
    const issues = txIssues(
      {
        key: '',
        kind: 'Bad Kind',
        at: new Date('nope'),
        refType: 'order',
        entries: [
          { account: 'platform:main:buyer_funds', amount: Number.MAX_SAFE_INTEGER },
          { account: 'platform:main:buyer_funds', amount: Number.MAX_SAFE_INTEGER },
          { account: 'merchant:m_1:payable', amount: -Number.MAX_SAFE_INTEGER },
        ],
      },
      'txs.0',
    );
    expect(issues.map((i) => i.field)).toEqual([
      'txs.0.key',
      'txs.0.kind',
      'txs.0.at',
      'txs.0.refId',
      'txs.0.entries',
    ]);
    expect(issues.at(-1)!.reason).toContain(`${Number.MAX_SAFE_INTEGER}`);
  });

  test('resolutions need a pending key, an action, a key and an instant', () => {
    const issues = resolveIssues([
      { pendingKey: '', action: 'keep' as 'post', key: '', at: new Date(Number.NaN) },
    ]);
    expect(issues.map((i) => i.field)).toEqual(['pendingKey', 'action', 'key', 'at']);
  });
});

describe('statements', () => {
  test('months and their ends', () => {
    expect(isMonth('2026-10')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(nextMonthStart('2026-12')).toBe('2027-01-01');
    expect(nextMonthStart('2026-02')).toBe('2026-03-01');
  });

  test('opening + lines = closing, running balances in time order, CSV framed by opening and closing rows', () => {
    const row = (txId: string, at: string, amount: number) => ({
      account: 'creator:cr_1:pending',
      at: new Date(at),
      txId,
      line: 1,
      key: `k${txId}`,
      kind: 'commission.estimate',
      refType: null,
      refId: null,
      memo: null,
      amount,
    });
    const s = buildStatement({
      ownerType: 'creator',
      ownerId: 'cr_1',
      month: '2026-10',
      timeZone: 'Asia/Shanghai',
      from: new Date('2026-09-30T16:00:00Z'),
      to: new Date('2026-10-31T16:00:00Z'),
      accounts: [
        { name: 'creator:cr_1:available', purpose: 'available' },
        { name: 'creator:cr_1:pending', purpose: 'pending' },
      ],
      openings: new Map([['creator:cr_1:pending', -100]]),
      pendingClosing: new Map(),
      rows: [row('3', '2026-10-09T00:00:00Z', 40), row('2', '2026-10-02T00:00:00Z', -70)],
      dayOf: (d) => d.toISOString().slice(0, 10),
    });
    const [avail, pend] = s.accounts;
    expect(avail).toMatchObject({ opening: 0, closing: 0, lines: [] });
    expect(pend!.lines.map((l) => [l.txId, l.balance])).toEqual([
      ['2', -170],
      ['3', -130],
    ]);
    expect(pend).toMatchObject({
      opening: -100,
      debits: 40,
      credits: 70,
      closing: -130,
      normalSide: 'credit',
    });
    const csv = statementCsvRows(s);
    expect(csv.map((r) => [r[0], r[7], r[11], r[12], r[13]])).toEqual([
      ['creator:cr_1:available', 'opening balance', '', '', 0],
      ['creator:cr_1:available', 'closing balance', 0, 0, 0],
      ['creator:cr_1:pending', 'opening balance', '', '', -100],
      ['creator:cr_1:pending', 'commission.estimate', '', 70, -170],
      ['creator:cr_1:pending', 'commission.estimate', 40, '', -130],
      ['creator:cr_1:pending', 'closing balance', 40, 70, -130],
    ]);
  });
});
