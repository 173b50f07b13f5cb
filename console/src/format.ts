// Number and money formatting. Money arrives as integer fen and is formatted
// from integers so that no float rounding ever shows up in a displayed amount.

export type Lang = 'en' | 'zh';

const localeOf = (lang: Lang): string => (lang === 'zh' ? 'zh-CN' : 'en-US');

const groupers = new Map<Lang, Intl.NumberFormat>();
function grouper(lang: Lang): Intl.NumberFormat {
  let f = groupers.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(localeOf(lang), { maximumFractionDigits: 0 });
    groupers.set(lang, f);
  }
  return f;
}

/** An integer with locale digit grouping: 1234567 → "1,234,567". */
export function formatNumber(value: number, lang: Lang = 'en'): string {
  return grouper(lang).format(value);
}

/** Integer fen as yuan with two decimals: 123456 → "¥1,234.56". */
export function formatFen(fen: number, lang: Lang = 'en'): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${formatNumber(yuan, lang)}.${cents}`;
}

/**
 * Short money for KPI cards and chart axes. Chinese uses 万/亿 (10^4/10^8 yuan),
 * English uses K/M/B; small amounts keep full precision.
 */
export function formatFenCompact(fen: number, lang: Lang = 'en'): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  const units: [number, string][] =
    lang === 'zh'
      ? [
          [1e8, '亿'],
          [1e4, '万'],
        ]
      : [
          [1e9, 'B'],
          [1e6, 'M'],
          [1e3, 'K'],
        ];
  // Compact only from 10 units of the smallest step up (¥12.3万, not ¥1.2万 for 12,000).
  const threshold = lang === 'zh' ? 1e5 : 1e4;
  if (abs < threshold) return formatFen(fen, lang);
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const scaled = yuan / size;
      const digits = Math.abs(scaled) >= 100 ? 1 : 2;
      return `¥${scaled.toLocaleString(localeOf(lang), { maximumFractionDigits: digits, minimumFractionDigits: digits })}${suffix}`;
    }
  }
  return formatFen(fen, lang);
}

/** Compact plain numbers for chart axes: 12000 → "12K" / "1.2万". */
export function formatCountCompact(value: number, lang: Lang = 'en'): string {
  const abs = Math.abs(value);
  if (lang === 'zh') {
    if (abs >= 1e8) return `${trim(value / 1e8)}亿`;
    if (abs >= 1e4) return `${trim(value / 1e4)}万`;
  } else {
    if (abs >= 1e9) return `${trim(value / 1e9)}B`;
    if (abs >= 1e6) return `${trim(value / 1e6)}M`;
    if (abs >= 1e3) return `${trim(value / 1e3)}K`;
  }
  return formatNumber(value, lang);
}

/** Money axis ticks: round figures without cents, "¥2.5M" / "¥250万". */
export const formatFenAxis = (fen: number, lang: Lang = 'en'): string =>
  `¥${formatCountCompact(fen / 100, lang)}`;

const trim = (n: number): string => String(Number(n.toFixed(1)));

/** Basis points as a percentage: 1234 → "12.34%". */
export function formatBp(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(bp));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** 'YYYY-MM-DD' → 'MM-DD' for compact chart axes. */
export const shortDay = (day: string): string => day.slice(5);

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The business day of a date or instant, 'YYYY-MM-DD' in the marketplace zone
 * (Asia/Shanghai). Accepts ISO and PostgreSQL text ('2024-03-01 02:00:00+00').
 */
export function formatDay(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const iso = value.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? value.slice(0, 10) : dayFormat.format(at);
}

/**
 * Integer fen as a bare yuan figure for rule text: 19900 → "199", 1990 → "19.9", 1999 → "19.99".
 * Promotions read "满199减20", not "满¥199.00减¥20.00".
 */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const cents = abs % 100;
  const whole = String(Math.floor(abs / 100));
  if (cents === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** Yuan as typed into a money input (at most two decimals) to integer fen: 19.9 → 1990. */
export const yuanToFen = (yuan: number): number => Math.round(yuan * 100);

/** Basis points of the price paid as 折: 9000 → "9", 8500 → "8.5", 8850 → "8.85". */
export function formatZhe(bp: number): string {
  return String(Number((bp / 1000).toFixed(3)));
}

/** Basis points of the price paid as the share taken off: 9000 → "10%", 8850 → "11.5%". */
export function formatPercentOff(bp: number): string {
  return `${Number(((10000 - bp) / 100).toFixed(2))}%`;
}

/** An instant as 'YYYY-MM-DD HH:mm' in the marketplace zone (Asia/Shanghai). */
export function formatInstant(value: string): string {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const parts = Object.fromEntries(instantFormat.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = parts.hour === '24' ? '00' : parts.hour;
  return `${parts.year}-${parts.month}-${parts.day} ${hour}:${parts.minute}`;
}

const instantFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
