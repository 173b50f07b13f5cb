/**
 * The anchor of the `size` part: the same audience counted by SQL on the same database, over a membership table
 * `bench_user_tags (tag, idx)` holding the rows of the tags the expression uses (primary key (tag, idx), so each
 * tag's members are one index range). Two formulations, both exact; the faster one is the anchor:
 *   - sets: INTERSECT / UNION / EXCEPT of one SELECT per tag;
 *   - group: one scan of the tags' rows grouped by user with bool_or per tag.
 */
import type { Database } from '../../src/core/db.ts';
import { copyCsv, exec } from '../lib/db.ts';

export type Leafy = { tag: string } | { op: 'and' | 'or'; args: Leafy[] } | { op: 'not'; arg: Leafy };

export async function loadMemberships(
  db: Database,
  tags: { id: number; members: Uint32Array }[],
): Promise<number> {
  await exec(db, 'CREATE TABLE bench_user_tags (tag int NOT NULL, idx int NOT NULL)');
  let rows = 0;
  for (const t of tags) {
    const chunks: string[] = [];
    for (let i = 0; i < t.members.length; i += 200_000) {
      let s = '';
      const end = Math.min(t.members.length, i + 200_000);
      for (let j = i; j < end; j++) s += `${t.id},${t.members[j]}\n`;
      chunks.push(s);
    }
    await copyCsv(db, 'bench_user_tags', ['tag', 'idx'], chunks);
    rows += t.members.length;
  }
  await exec(db, 'ALTER TABLE bench_user_tags ADD PRIMARY KEY (tag, idx)');
  await exec(db, 'ANALYZE bench_user_tags');
  return rows;
}

/** `sets` formulation; universe = every user idx < users (NOT at the top level only needs a range). */
export function setsSql(e: Leafy, id: (tag: string) => number, users: number): string {
  const q = (x: Leafy): string => {
    if ('tag' in x) return `SELECT idx FROM bench_user_tags WHERE tag = ${id(x.tag)}`;
    if (x.op === 'not') return `(SELECT generate_series(0, ${users - 1}) AS idx EXCEPT ${q(x.arg)})`;
    const pos = x.args.filter((a) => !('op' in a && a.op === 'not'));
    const neg = x.args.filter((a) => 'op' in a && a.op === 'not') as { op: 'not'; arg: Leafy }[];
    const joined = `(${pos.map(q).join(x.op === 'and' ? ' INTERSECT ' : ' UNION ')})`;
    // A NOT inside an AND is an EXCEPT (what a planner-savvy author writes), not a complement.
    if (x.op === 'and' && pos.length && neg.length)
      return `(${joined} EXCEPT (${neg.map((n) => q(n.arg)).join(' UNION ')}))`;
    return x.op === 'and' ? joined : `(${x.args.map(q).join(' UNION ')})`;
  };
  return `SELECT count(*)::int AS n FROM (${q(e)}) s`;
}

/** `group` formulation: one pass over the expression's tags' rows, grouped by user. */
export function groupSql(e: Leafy, id: (tag: string) => number): string {
  const tags = new Set<number>();
  const cond = (x: Leafy): string => {
    if ('tag' in x) {
      tags.add(id(x.tag));
      return `bool_or(tag = ${id(x.tag)})`;
    }
    if (x.op === 'not') return `NOT ${cond(x.arg)}`;
    return `(${x.args.map(cond).join(x.op === 'and' ? ' AND ' : ' OR ')})`;
  };
  const having = cond(e);
  return `SELECT count(*)::int AS n FROM (SELECT idx FROM bench_user_tags WHERE tag IN (${[...tags].join(',')})
    GROUP BY idx HAVING ${having}) s`;
}
