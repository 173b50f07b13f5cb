// Live validation: as the form changes, a debounced copy of the body goes to the server's validate
// route; the issues it explains are shown on fields the user has touched (or on every field once
// a save was tried). Stand-ins for unfilled required fields never produce issues of their own.
import type { FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { FieldIssue } from '../../api-types';
import { useValidation } from '../../queries';

export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** The form's name path for an API field path: "rule.tiers.0.off" → ['rule', 'tiers', 0, 'off']. */
export const namePath = (field: string): (string | number)[] =>
  field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** Where an issue of this path shows when it names an element of a list ("scope.storeIds.0"). */
function touchPath(field: string): (string | number)[] {
  const path = namePath(field);
  if (path[0] === 'scope') return path.filter((p) => typeof p === 'string');
  return path;
}

/** Issues about the form as a whole or about a group of inputs: shown once anything was touched. */
const FORM_LEVEL = new Set([
  'kind',
  'merchantId',
  'validity',
  'presale',
  'channel',
  'rule.tiers',
  'scope.productIds',
]);

export interface LiveIssues {
  /** Issues to show now. */
  shown: FieldIssue[];
  /** Every issue of the current body (for the save-time summary). */
  all: FieldIssue[];
  checking: boolean;
  /** Whether the last answer was for the current body and found nothing. */
  valid: boolean;
}

/**
 * @param draft the body with stand-ins, and which fields got stand-ins; null while the form has
 *   nothing worth checking
 * @param extra issues from elsewhere (a refused save) shown with the live ones
 */
export function useLiveIssues(
  path: string,
  form: FormInstance,
  draft: { body: unknown; filled: Set<string> } | null,
  submitted: boolean,
  extra: FieldIssue[] = [],
): LiveIssues {
  const json = draft ? JSON.stringify(draft.body) : null;
  const debounced = useDebounced(json, 300);
  const body = useMemo(() => (debounced === null ? null : (JSON.parse(debounced) as unknown)), [debounced]);
  const { data, isFetching, isPlaceholderData } = useValidation(path, body);
  const filled = draft?.filled;
  const all = useMemo(() => {
    const fromServer = (data?.issues ?? []).filter((i) => !filled?.has(i.field));
    const seen = new Set(fromServer.map((i) => `${i.field}\n${i.reason}`));
    return [...fromServer, ...extra.filter((i) => !seen.has(`${i.field}\n${i.reason}`))];
  }, [data, filled, extra]);
  const anyTouched = form.isFieldsTouched();
  // An answer about a value the user has since changed is stale: "required" under a field just
  // filled in, or "must be less than ¥199" after the 199 became 20. Hidden until the next answer.
  const changedSince = (field: string) =>
    JSON.stringify(valueAt(draft?.body, field)) !== JSON.stringify(valueAt(body, field));
  const shown = (
    submitted
      ? all
      : all.filter(
          (i) => form.isFieldsTouched([touchPath(i.field)]) || (FORM_LEVEL.has(i.field) && anyTouched),
        )
  ).filter((i) => !changedSince(i.field));
  const current = json === debounced;
  return {
    shown,
    all,
    checking: isFetching || !current,
    valid: !!data && !isPlaceholderData && current && all.length === 0,
  };
}

function valueAt(body: unknown, field: string): unknown {
  let v = body;
  for (const key of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}
