// Rules in words, the way a back office lists them: "满199减20 · 满299减40" in Chinese,
// "Spend ¥199 save ¥20 · Spend ¥299 save ¥40" in English. Pure: takes the translator.
import type { TFunction } from 'i18next';
import type { CouponRule, Offer, OfferBody, OfferRule } from '../../api-types';
import { formatPercentOff, formatYuan, formatZhe, type Lang } from '../../format';

/** A rate in the language's convention: 8.5折 in Chinese, "15% off" in English. */
export const rateText = (bp: number, lang: Lang): string =>
  lang === 'zh' ? `${formatZhe(bp)}折` : `${formatPercentOff(bp)} off`;

const SEP = ' · ';

export function offerRuleText(rule: OfferRule, t: TFunction, lang: Lang): string {
  const y = (fen: number | undefined) => formatYuan(fen ?? 0);
  const rate = (bp: number | undefined) => rateText(bp ?? 10000, lang);
  switch (rule.type) {
    case 'price':
      return t('ruleText.price', { price: y(rule.price) });
    case 'off':
      return t('ruleText.off', { off: y(rule.off) });
    case 'rate':
      return t('ruleText.rate', { rate: rate(rule.rateBp) });
    case 'amount_tiers':
      return (rule.tiers ?? []).map((x) => t('ruleText.tier', { min: y(x.min), off: y(x.off) })).join(SEP);
    case 'amount_every': {
      const base = t('ruleText.every', { every: y(rule.every), off: y(rule.off) });
      return rule.cap ? `${base}${t('ruleText.cap', { cap: y(rule.cap) })}` : base;
    }
    case 'percent_tiers':
      return (rule.tiers ?? [])
        .map((x) => t('ruleText.percentTier', { min: y(x.min), rate: rate(x.rateBp) }))
        .join(SEP);
    case 'qty_percent_tiers':
      return (rule.tiers ?? [])
        .map((x) => t('ruleText.qtyTier', { count: x.minQty ?? 0, rate: rate(x.rateBp) }))
        .join(SEP);
    case 'qty_fixed_price':
      return t('ruleText.qtyFixed', { count: rule.qty ?? 0, price: y(rule.price) });
    case 'buy_x_get_y': {
      const base = t('ruleText.buyGet', { buy: rule.buy ?? 0, get: rule.get ?? 0 });
      return rule.maxApplications
        ? `${base}${t('ruleText.maxTimes', { count: rule.maxApplications })}`
        : base;
    }
  }
}

/** The rule plus what the kind adds: flash stock and limit, presale deposit. */
export function offerText(offer: Offer | OfferBody, t: TFunction, lang: Lang): string {
  const parts = [offerRuleText(offer.rule, t, lang)];
  if (offer.kind === 'flash_sale' && offer.perUserLimit)
    parts.push(t('ruleText.perUser', { count: offer.perUserLimit }));
  if (offer.kind === 'presale' && offer.presale)
    parts.push(
      t('ruleText.presale', {
        deposit: formatYuan(offer.presale.depositPerUnit),
        worth: formatYuan(offer.presale.worthPerUnit),
      }),
    );
  return parts.join(SEP);
}

export function couponRuleText(rule: CouponRule, t: TFunction, lang: Lang): string {
  const min = formatYuan(rule.min);
  if (rule.type === 'amount') {
    const off = formatYuan(rule.off ?? 0);
    return rule.min > 0 ? t('ruleText.couponAmount', { min, off }) : t('ruleText.couponNoMin', { off });
  }
  const rate = rateText(rule.rateBp ?? 10000, lang);
  const base =
    rule.min > 0 ? t('ruleText.couponPercent', { min, rate }) : t('ruleText.couponPercentNoMin', { rate });
  return rule.maxOff ? `${base}${t('ruleText.couponMaxOff', { cap: formatYuan(rule.maxOff) })}` : base;
}
