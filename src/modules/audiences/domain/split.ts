import { Bitmap } from '../bitmap.ts';

/**
 * Treatment / holdout split of an activation's audience: a user's group is a pure function of the activation id
 * and the user's dense index (murmur3's 32-bit finaliser over the id's FNV-1a hash mixed with the index), so
 * a retried activation splits the same way and a user always lands in the same group of one activation.
 * Different activations split independently.
 */

const fnv1a = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

const fmix32 = (x: number) => {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Basis points (0..9999) of one user in one activation. */
export function bucketOf(activationId: string, idx: number): number {
  const seed = fnv1a(activationId);
  return fmix32(seed ^ fmix32(idx + 0x9e3779b9)) % 10_000;
}

/** True when the user is held out (gets nothing) at `holdoutPct` percent. */
export const isHoldout = (activationId: string, idx: number, holdoutPct: number) =>
  bucketOf(activationId, idx) < Math.round(holdoutPct * 100);

export function splitAudience(
  activationId: string,
  members: Bitmap,
  holdoutPct: number,
): { treatment: Bitmap; holdout: Bitmap } {
  const cut = Math.round(holdoutPct * 100);
  const seed = fnv1a(activationId);
  const all = members.toUint32Array();
  const held: number[] = [];
  const kept: number[] = [];
  for (const idx of all) (fmix32(seed ^ fmix32(idx + 0x9e3779b9)) % 10_000 < cut ? held : kept).push(idx);
  return { treatment: Bitmap.from(kept), holdout: Bitmap.from(held) };
}
