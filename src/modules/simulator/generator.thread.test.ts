import { describe, expect, it } from 'vitest';
import { type Chunk, createWorld, type GenerateOptions, generate } from './domain/generator.ts';
import { buildPromotionBook } from './domain/promotions.ts';
import { threadedChunks } from './generator.thread.ts';

const TINY: GenerateOptions = {
  seed: 11,
  scale: 'small',
  days: 6,
  endDay: '2026-06-19',
  timeZone: 'Asia/Shanghai',
  overrides: {
    merchants: 6,
    consumers: 400,
    creators: 6,
    agencies: 2,
    promoters: 12,
    brands: 20,
    productsPerStore: 8,
    shardUsers: 150,
  },
};
const OPTIONS = { groupUsers: 100, eventChunk: 700 };

/** Records in order (progress apart) and the user-days the progress chunks add up to. */
async function drain(chunks: Iterable<Chunk> | AsyncIterable<Chunk>) {
  const records: Chunk[] = [];
  let userDays = 0;
  for await (const c of chunks) {
    if (c.kind === 'progress') userDays += c.userDays;
    else records.push(c);
  }
  return { records, userDays };
}

describe('generator thread', () => {
  for (const promotions of [false, true]) {
    it(`yields the chunks generate() yields on this thread, in order${promotions ? ', with promotions' : ''}`, async () => {
      const { world, seeds } = createWorld(TINY);
      const book = promotions ? buildPromotionBook(world, seeds) : null;
      const here = await drain(generate(world, seeds, { ...OPTIONS, book }));
      const there = await drain(threadedChunks({ generate: TINY, promotions, options: OPTIONS }, 3));
      expect(here.records.length).toBeGreaterThan(20);
      expect(new Set(here.records.map((c) => c.kind))).toEqual(new Set(['follows', 'events', 'day']));
      if (promotions)
        expect(here.records.some((c) => c.kind === 'day' && c.out.quotes.length > 0)).toBe(true);
      expect(there.records).toEqual(here.records);
      expect(there.userDays).toBe(400 * 6);
      expect(here.userDays).toBe(400 * 6);
    });
  }

  it('stops the thread when the consumer stops early, and reports a failure of the generation', async () => {
    let n = 0;
    for await (const c of threadedChunks({ generate: TINY, promotions: false, options: OPTIONS }, 2)) {
      if (c.kind !== 'progress' && ++n === 3) break;
    }
    expect(n).toBe(3);
    const bad = { ...TINY, endDay: 'not a day' };
    await expect(
      drain(threadedChunks({ generate: bad, promotions: false, options: OPTIONS })),
    ).rejects.toThrow('generator thread: Invalid time value');
  });
});
