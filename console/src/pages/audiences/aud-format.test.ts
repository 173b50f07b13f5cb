import { describe, expect, it } from 'vitest';
import { audEn } from '../../i18n/audiences.en';
import { audZh } from '../../i18n/audiences.zh';
import { translator } from '../../test-i18n';
import {
  appendAt,
  cellCountText,
  insightRows,
  issueCode,
  issuePath,
  leafCount,
  liftText,
  localIssues,
  nearestPath,
  newLeaf,
  nodeAt,
  rateText,
  removeAt,
  rootGroup,
  setOp,
  shareText,
  tgiText,
  tgiTone,
  toggleNot,
  visitorsAddUp,
} from './aud-format';
import type { Expr, InsightDimension } from './aud-types';

const beauty: Expr = { tag: 'affinity:c_beauty' };
const young: Expr = { tag: 'age:18-24' };
const viewed: Expr = { event: { type: 'view', category: 'c_beauty', min: 2, days: 30 } };

describe('expression tree', () => {
  it('edits by path: append, NOT toggle, operator, remove', () => {
    let e: Expr = rootGroup(null);
    e = appendAt(e, [], beauty);
    e = appendAt(e, [], { op: 'or', args: [] });
    e = appendAt(e, [1], young);
    e = appendAt(e, [1], viewed);
    expect(leafCount(e)).toBe(3);
    expect(nodeAt(e, [1, 1])).toEqual(viewed);

    e = toggleNot(e, [1, 0]);
    expect(nodeAt(e, [1, 0])).toEqual({ op: 'not', arg: young });
    expect(nodeAt(e, [1, 0, 0])).toEqual(young);
    e = setOp(e, [1], 'and');
    expect((nodeAt(e, [1]) as { op: string }).op).toBe('and');

    // Removing a NOT's inner condition removes the NOT with it.
    const removed = removeAt(e, [1, 0, 0]);
    expect(nodeAt(removed, [1])).toEqual({ op: 'and', args: [viewed] });
    // Toggling twice is the identity; edits never touch the original.
    expect(toggleNot(toggleNot(e, [0]), [0])).toEqual(e);
    expect(nodeAt(e, [1, 0])).toEqual({ op: 'not', arg: young });
    // A path that leads nowhere changes nothing.
    expect(appendAt(e, [7], beauty)).toEqual(e);
  });

  it('wraps a root that is not a group', () => {
    expect(rootGroup(beauty)).toEqual({ op: 'and', args: [beauty] });
    const g = { op: 'or' as const, args: [beauty] };
    expect(rootGroup(g)).toBe(g);
    expect(leafCount({ op: 'and', args: [] })).toBe(0);
  });

  it('holds the size back until every condition is filled in', () => {
    const e: Expr = {
      op: 'and',
      args: [newLeaf('tag'), { op: 'or', args: [] }, { op: 'not', arg: newLeaf('tier') }, newLeaf('event')],
    };
    expect(localIssues(e)).toEqual([
      { path: [0], code: 'pick_tag' },
      { path: [1], code: 'empty_group' },
      { path: [2, 0], code: 'pick_store' },
    ]);
    expect(newLeaf('tier', 's1')).toEqual({ tier: { store: 's1', tier: 'customers' } });
    expect(localIssues({ event: { type: 'order', min: 0, days: 30 } })).toEqual([
      { path: [], code: 'event_range' },
    ]);
    expect(localIssues({ event: { type: 'order', min: 1, days: 181 } })).toHaveLength(1);
    expect(localIssues({ op: 'and', args: [beauty, viewed] })).toEqual([]);
  });

  it('finds the condition a server issue names', () => {
    expect(issuePath('expression.args.1.arg.tag')).toEqual([1, 0]);
    expect(issuePath('expression/args/0/args/2/event/min')).toEqual([0, 2]);
    expect(issuePath('expression.args[3].tier.store')).toEqual([3]);
    expect(issuePath('expression')).toEqual([]);
    expect(issuePath('name')).toBeNull();
    const e: Expr = { op: 'and', args: [beauty, { op: 'not', arg: young }] };
    expect(nearestPath(e, [1, 0])).toEqual([1, 0]);
    // A node that is not there any more: its nearest parent shows the issue.
    expect(nearestPath(e, [5, 2])).toEqual([]);
    expect(nearestPath(e, [0, 3])).toEqual([0]);
  });

  it('reads refusals by code, else by their sentence', () => {
    const known = (c: string) => c in audEn.codes;
    expect(issueCode({ field: 'x', reason: 'whatever', code: 'not_own_store' } as never, known)).toBe(
      'not_own_store',
    );
    expect(issueCode({ reason: 'unknown tag age:99' }, known)).toBe('unknown_tag');
    expect(issueCode({ reason: 'store s_9 belongs to another merchant' }, known)).toBe('foreign_store');
    expect(issueCode({ reason: 'x', code: 'insufficient_quantity' }, known)).toBe('insufficient_quantity');
    expect(issueCode({ reason: 'something new' }, known)).toBeNull();
    expect(Object.keys(audZh.codes).sort()).toEqual(Object.keys(audEn.codes).sort());
  });
});

describe('insight figures', () => {
  const dim: InsightDimension = {
    key: 'region',
    values: [
      {
        key: 'region:East',
        value: 'East',
        label: 'East',
        labelZh: '华东',
        count: 120,
        share: 0.12,
        baseShare: 0.1,
        tgi: 120,
        suppressed: false,
      },
      {
        key: 'region:North',
        value: 'North',
        label: 'North',
        labelZh: '华北',
        count: null,
        share: null,
        baseShare: 0.05,
        tgi: null,
        suppressed: true,
      },
      {
        key: 'region:South',
        value: 'South',
        label: 'South',
        labelZh: '华南',
        count: 600,
        share: 0.6,
        baseShare: 0.4,
        tgi: 150,
        suppressed: false,
      },
    ],
  };

  it('formats shares and TGI, never a suppressed cell as 0', () => {
    expect(shareText(0.1234)).toBe('12.3%');
    expect(shareText(0)).toBe('0.0%');
    expect(shareText(0.0004)).toBe('<0.1%');
    expect(shareText(null)).toBeNull();
    expect(tgiText(132)).toBe('132');
    expect(tgiText(null)).toBe('—');
    expect(tgiTone(150)).toBe('high');
    expect(tgiTone(60)).toBe('low');
    expect(tgiTone(100)).toBe('neutral');
    expect(tgiTone(null)).toBe('none');
    expect(cellCountText({ count: null, suppressed: true }, 50, 'en')).toBe('< 50');
    expect(cellCountText({ count: 0, suppressed: true }, 1000, 'zh')).toBe('< 1,000');
    expect(cellCountText({ count: 12345, suppressed: false }, 50, 'en')).toBe('12,345');
  });

  it('orders nominal dimensions by share, suppressed cells last, labels in the UI language', () => {
    const rows = insightRows(dim, 50, 'zh');
    expect(rows.map((r) => r.label)).toEqual(['华南', '华东', '华北']);
    // Regions the catalog names in English only read in Chinese too.
    expect(
      insightRows(
        {
          key: 'region',
          values: [{ ...dim.values[0]!, label: 'Inner Mongolia', labelZh: 'Inner Mongolia' }],
        },
        50,
        'zh',
      )[0]!.label,
    ).toBe('内蒙古');
    expect(rows[2]).toMatchObject({ suppressed: true, share: null, tgi: null, countText: '< 50' });
    // Ordinal dimensions keep the server's order.
    const age = insightRows({ ...dim, key: 'age' }, 50, 'en');
    expect(age.map((r) => r.label)).toEqual(['East', 'North', 'South']);
  });

  it('writes conversion and lift', async () => {
    expect(rateText(0.03456)).toBe('3.46%');
    expect(rateText(null)).toBe('—');
    expect(liftText(0.2345)).toBe('+23.5%');
    expect(liftText(-0.1)).toBe('-10.0%');
    expect(liftText(0)).toBe('0.0%');
    expect(liftText(null)).toBe('—');
    expect(visitorsAddUp({ visitors: { total: 10, customers: 4, prospects: 6 } })).toBe(true);
    expect(visitorsAddUp({ visitors: { total: 10, customers: 4, prospects: 5 } })).toBe(false);
    const t = await translator<(k: string, o?: object) => string>('zh', audEn, audZh);
    expect(t('visitors.sum', { customers: '4', prospects: '6', total: '10' })).toBe(
      '已购客户 4 + 潜客 6 = 访客 10',
    );
    expect(t('tier.competitor')).toBe('竞品客户');
  });
});
