import { sql } from 'kysely';
import type { Db } from '../../core/db.ts';
import type { LabelSource } from './domain/catalog.ts';

/** Names of the open groups' values: categories (EN/ZH) and brands. */
export async function labelSource(db: Db): Promise<LabelSource> {
  const [c, b] = await Promise.all([
    sql<{ id: string; name: string; name_zh: string | null }>`SELECT id, name, name_zh FROM categories
      WHERE level = 1`.execute(db),
    sql<{ id: string; name: string }>`SELECT id, name FROM brands`.execute(db),
  ]);
  return {
    categories: new Map(c.rows.map((r) => [r.id, { name: r.name, nameZh: r.name_zh }])),
    brands: new Map(b.rows.map((r) => [r.id, r.name])),
  };
}
