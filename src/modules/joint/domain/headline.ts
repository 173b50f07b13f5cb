import type { CampaignType, Decoration } from '../types.ts';

/** The short text of a campaign's detail-page slot, in English and Chinese (满199减100 style). */

const yuan = (fen: number) => {
  const s = (fen / 100).toFixed(2).replace(/\.?0+$/, '');
  return s === '' ? '0' : s;
};
/** 9000 bp paid = 9折; 8500 = 8.5折. */
const zhe = (bp: number) => yuan(bp / 10);

type Loose = Record<string, unknown>;
type Tier = { min: number; off: number };

function threshold(rule: Loose): { en: string; zh: string } {
  if (rule.type === 'amount_every') {
    const every = Number(rule.every);
    const off = Number(rule.off);
    const cap = typeof rule.cap === 'number' ? rule.cap : null;
    return {
      en: `¥${yuan(off)} off every ¥${yuan(every)} across stores${cap !== null ? `, up to ¥${yuan(cap)}` : ''}`,
      zh: `跨店每满${yuan(every)}减${yuan(off)}${cap !== null ? `，最高减${yuan(cap)}` : ''}`,
    };
  }
  const tiers = [...((rule.tiers as Tier[]) ?? [])].sort((a, b) => a.min - b.min);
  return {
    en: `${tiers.map((t) => `¥${yuan(t.off)} off ¥${yuan(t.min)}`).join(', ')} across stores`,
    zh: `跨店${tiers.map((t) => `满${yuan(t.min)}减${yuan(t.off)}`).join('，')}`,
  };
}

function coupon(rule: Loose, fans: boolean): { en: string; zh: string } {
  const min = Number(rule.min ?? 0);
  const who = fans ? 'fan ' : '';
  const whoZh = fans ? '粉丝专享' : '';
  if (rule.type === 'percent') {
    const bp = Number(rule.rateBp);
    const cap = typeof rule.maxOff === 'number' ? rule.maxOff : null;
    // rateBp is what the buyer pays: 8500 = 15% off; yuan() of the bp gives the percent.
    const pct = yuan(10_000 - bp);
    return {
      en: `${pct}% off ¥${yuan(min)}+ cross-store ${who}coupon${cap !== null ? ` (up to ¥${yuan(cap)})` : ''}`,
      zh: `${whoZh}跨店券满${yuan(min)}享${zhe(bp)}折${cap !== null ? `，最高减${yuan(cap)}` : ''}`,
    };
  }
  return {
    en: `¥${yuan(Number(rule.off))} off ¥${yuan(min)} cross-store ${who}coupon`,
    zh: `${whoZh}跨店券满${yuan(min)}减${yuan(Number(rule.off))}`,
  };
}

export function headline(c: {
  type: CampaignType;
  name: string;
  nameZh: string | null;
  rules: Loose;
  decoration: Decoration | null;
  fanOffer: { rule: unknown } | null;
}): { en: string; zh: string } {
  let h: { en: string; zh: string };
  if (c.type === 'cross_store_threshold') h = threshold((c.rules.rule as Loose) ?? {});
  else if (c.type === 'cross_store_coupon') h = coupon((c.rules.coupon as Loose) ?? {}, false);
  else if (c.type === 'shared_decoration' && c.decoration)
    h = { en: c.decoration.bannerText, zh: c.decoration.bannerTextZh ?? c.decoration.bannerText };
  else h = { en: `Joint promotion: ${c.name}`, zh: `联合推广：${c.nameZh ?? c.name}` };
  if (c.fanOffer) {
    const f = coupon(c.fanOffer.rule as Loose, true);
    h = { en: `${h.en}; fans: ${f.en}`, zh: `${h.zh}；${f.zh}` };
  }
  return h;
}
