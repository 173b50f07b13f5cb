// A category picker over GET /v1/categories: names in the UI language with the id beside them,
// levels indented under their parents, searchable by name or id.
import { Select, type SelectProps } from 'antd';
import { useMemo } from 'react';
import type { Category } from '../../api-types';
import { useLang } from '../../use-lang';
import { useCategories } from './dist-queries';

/** The name a category shows in this language. */
export const categoryName = (c: Category, lang: string) => (lang === 'zh' ? (c.nameZh ?? c.name) : c.name);

/** Categories in tree order (each parent followed by its children). */
export function treeOrder(items: Category[]): Category[] {
  const byParent = new Map<string | null, Category[]>();
  const ids = new Set(items.map((c) => c.id));
  for (const c of items) {
    const key = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    byParent.set(key, [...(byParent.get(key) ?? []), c]);
  }
  const out: Category[] = [];
  const walk = (parent: string | null) => {
    for (const c of byParent.get(parent) ?? []) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

/** `{ id → label }` of every category, for showing names where only ids are stored. */
export function useCategoryNames(): Map<string, string> {
  const lang = useLang();
  const query = useCategories();
  return useMemo(
    () => new Map((query.data?.items ?? []).map((c) => [c.id, categoryName(c, lang)])),
    [query.data, lang],
  );
}

export function CategorySelect(props: Omit<SelectProps<string>, 'options'>) {
  const lang = useLang();
  const query = useCategories();
  const options = useMemo(() => {
    const items = treeOrder(query.data?.items ?? []);
    const known = new Set(items.map((c) => c.id));
    const list = items.map((c) => ({
      value: c.id,
      label: `${'\u3000'.repeat(Math.max(0, c.level - 1))}${categoryName(c, lang)} (${c.id})`,
      search: `${c.name} ${c.nameZh ?? ''} ${c.id}`.toLowerCase(),
    }));
    // A value the list does not know (an old id) still shows.
    const v = props.value;
    if (typeof v === 'string' && v && !known.has(v)) list.unshift({ value: v, label: v, search: v });
    return list;
  }, [query.data, lang, props.value]);
  return (
    <Select<string>
      showSearch={{
        filterOption: (input, o) =>
          (o as { search?: string } | undefined)?.search?.includes(input.toLowerCase()) ?? false,
      }}
      loading={query.isLoading}
      {...props}
      options={options}
    />
  );
}
