// Why an offer or coupon was left out of the best combination, in words with its figures:
// "Threshold short by ¥12.00", "Same exclusion group as 新客价", "Expired".
import type { TFunction } from 'i18next';
import type { NotUsed } from '../../api-types';
import { formatFen, formatInstant, type Lang } from '../../format';

/** `by` is an id; the quote names it among applied or unused sources. */
export function reasonText(n: NotUsed, names: ReadonlyMap<string, string>, t: TFunction, lang: Lang): string {
  const by = n.by ? (names.get(n.by) ?? n.by) : '';
  switch (n.reason) {
    case 'threshold_short': {
      if (n.shortBy !== undefined)
        return t('reasons.threshold_short', { amount: formatFen(n.shortBy, lang) });
      const items = /(\d+) more item/.exec(n.detail);
      return items
        ? t('reasons.threshold_short_items', { count: Number(items[1]) })
        : t('reasons.threshold_short_any');
    }
    case 'not_started': {
      const at = /\d{4}-\d{2}-\d{2}T[\d:.]+Z?/.exec(n.detail);
      return at ? t('reasons.not_started_at', { at: formatInstant(at[0]) }) : t('reasons.not_started');
    }
    case 'ended':
      return n.sourceType === 'coupon' ? t('reasons.expired') : t('reasons.ended');
    case 'excluded_by_group': {
      const group = /group "([^"]+)"/.exec(n.detail)?.[1] ?? '';
      return t('reasons.excluded_by_group', { group, by });
    }
    case 'not_stackable':
    case 'slot_taken':
      return t(`reasons.${n.reason}`, { by });
    case 'better_price':
      return by ? t('reasons.better_price_by', { by }) : t('reasons.better_price');
    default:
      return t(`reasons.${n.reason}`);
  }
}
