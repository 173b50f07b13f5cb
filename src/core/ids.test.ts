import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

describe('newId', () => {
  it('is prefixed, 22 base32 characters, and sorts by time', () => {
    const a = newId('qte', Date.parse('2026-01-01T00:00:00Z'));
    const b = newId('qte', Date.parse('2026-01-01T00:00:00.001Z'));
    expect(a).toMatch(/^qte_[0-9a-hjkmnp-tv-z]{22}$/);
    expect(a < b).toBe(true);
  });

  it('stays unique across many refills of the random pool', () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 5000 }, () => newId('x', now)));
    expect(ids.size).toBe(5000);
    // The random part varies in every position (not one byte reused across ids).
    const tails = [...ids].map((id) => id.slice(-12));
    for (let i = 0; i < 12; i++) expect(new Set(tails.map((t) => t[i])).size).toBeGreaterThan(16);
  });
});
