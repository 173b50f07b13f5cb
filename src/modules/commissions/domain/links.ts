/**
 * Share links and codes (推广链接/口令) as plain data: the code alphabet, the landing URL a click is sent to,
 * and who clicked (the consumer id a host passes along). No I/O and no randomness of its own: callers pass
 * the random bytes in.
 */

/** Crockford base32 without I, L, O, U: codes survive being read aloud and retyped from a chat message. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const CODE_LENGTH = 8;
export const CODE_PATTERN = '^[0-9a-hjkmnp-tv-z]{8}$';
const CODE_RE = new RegExp(CODE_PATTERN);

/** A code from CODE_LENGTH random bytes (40 bits: collisions are retried by the writer, not prevented here). */
export function codeFrom(random: Uint8Array): string {
  if (random.length < CODE_LENGTH) throw new Error(`codeFrom needs ${CODE_LENGTH} random bytes`);
  let out = '';
  for (let i = 0; i < CODE_LENGTH; i++) out += ALPHABET[random[i]! % 32];
  return out;
}

export const isCode = (s: string) => CODE_RE.test(s);

export type LinkTarget = { productId: string; storeId?: string } | { productId?: undefined; storeId: string };

/**
 * Where a click lands: the given URL, or the host marketplace's item or store page under `base`; either way
 * with the code (and the sub-id, when there is one) in the query so the host can pass them to the order.
 */
export function landingUrl(
  base: string,
  target: LinkTarget,
  code: string,
  subId: string | null,
  given?: string,
): string {
  const url = new URL(
    given ??
      `${base.replace(/\/$/, '')}/${target.productId !== undefined ? `item/${encodeURIComponent(target.productId)}` : `store/${encodeURIComponent(target.storeId)}`}`,
  );
  url.searchParams.set('tr_code', code);
  if (subId !== null) url.searchParams.set('tr_sub', subId);
  return url.toString();
}

/** Only absolute http(s) URLs may be link targets: anything else would make /c/ an open redirect to scripts. */
export function badTarget(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'must be an absolute URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must be an http or https URL';
  return null;
}

/** The consumer behind a click, when known: the `uid` query parameter first, else the `uid` cookie. */
export function consumerOf(query: { uid?: unknown }, cookieHeader: string | undefined): string | null {
  const fromQuery = typeof query.uid === 'string' ? query.uid.trim() : '';
  if (fromQuery) return fromQuery.slice(0, 64);
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== 'uid') continue;
    let v = part.slice(eq + 1).trim();
    try {
      v = decodeURIComponent(v);
    } catch {
      // a malformed escape is kept as sent
    }
    if (v) return v.slice(0, 64);
  }
  return null;
}
