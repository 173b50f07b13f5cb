/**
 * Traffic sources: the order's or event's (scene, channel) read as where the buyer came from. Business channels
 * other than organic win (a creator's live room is creator distribution whatever the scene); organic traffic is
 * named by its scene. Sources group into the three domains of the all-domain (全域) view.
 */
export const SOURCES = [
  'search',
  'feed',
  'mall',
  'detail',
  'store',
  'live',
  'creator',
  'promoter',
  'ads',
  'joint',
  'other',
] as const;
export type Source = (typeof SOURCES)[number];

export const DOMAINS = ['self_stream', 'distribution', 'shelf'] as const;
export type Domain = (typeof DOMAINS)[number];

const BY_CHANNEL: Record<string, Source> = {
  self_live: 'live',
  creator: 'creator',
  promoter: 'promoter',
  ad: 'ads',
  joint: 'joint',
};
const BY_SCENE: Record<string, Source> = {
  search: 'search',
  feed: 'feed',
  mall: 'mall',
  detail: 'detail',
  store: 'store',
  live: 'live',
  share: 'promoter',
  ad: 'ads',
  campaign: 'joint',
};

export function sourceOf(scene: string, channel: string): Source {
  return BY_CHANNEL[channel] ?? BY_SCENE[scene] ?? 'other';
}

/** Self-stream: the merchant's own live room; distribution: creators and promoters; shelf: everything else. */
export function domainOf(source: Source): Domain {
  if (source === 'live') return 'self_stream';
  if (source === 'creator' || source === 'promoter') return 'distribution';
  return 'shelf';
}

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
const cases = (col: string, m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `WHEN ${col} = ${quote(k)} THEN ${quote(v)}`)
    .join(' ');

/** The same mapping as SQL over a row's `scene` and `channel` columns (prefixed by `alias.` when given). */
export function sourceSql(alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return `(CASE ${cases(`${p}channel`, BY_CHANNEL)} ${cases(`${p}scene`, BY_SCENE)} ELSE 'other' END)`;
}

/** domainOf over sourceSql: the domain of a row's `scene` and `channel` as SQL. */
export function domainSql(alias = ''): string {
  const whens = SOURCES.filter((x) => domainOf(x) !== 'shelf')
    .map((x) => `WHEN ${quote(x)} THEN ${quote(domainOf(x))}`)
    .join(' ');
  return `(CASE ${sourceSql(alias)} ${whens} ELSE 'shelf' END)`;
}
