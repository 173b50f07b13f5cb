import { describe, expect, test } from 'vitest';
import { badTarget, CODE_LENGTH, codeFrom, consumerOf, isCode, landingUrl } from './links.ts';

describe('codes', () => {
  test('a code is 8 characters of the unambiguous base32 alphabet, determined by the bytes', () => {
    const bytes = Uint8Array.from([0, 1, 31, 32, 255, 18, 21, 27]);
    expect(codeFrom(bytes)).toBe('01z0zjnv');
    expect(codeFrom(bytes)).toBe(codeFrom(Uint8Array.from(bytes)));
    for (let i = 0; i < 256; i += 7) {
      const c = codeFrom(new Uint8Array(CODE_LENGTH).fill(i));
      expect(isCode(c)).toBe(true);
      expect(c).not.toMatch(/[ilou]/);
    }
    expect(() => codeFrom(new Uint8Array(3))).toThrow();
  });

  test('isCode refuses other shapes', () => {
    for (const s of ['', '0123456', '012345678', 'ABCDEFGH', 'abcdefgi', 'abc-efgh', 'abcdefg/'])
      expect(isCode(s)).toBe(false);
  });
});

describe('landingUrl', () => {
  test('item and store pages under the base, with the code and sub-id', () => {
    expect(landingUrl('https://shop.example.com/', { productId: 'p 1' }, 'abcdefgh', null)).toBe(
      'https://shop.example.com/item/p%201?tr_code=abcdefgh',
    );
    expect(landingUrl('https://shop.example.com', { storeId: 's1' }, 'abcdefgh', 'grp-7')).toBe(
      'https://shop.example.com/store/s1?tr_code=abcdefgh&tr_sub=grp-7',
    );
  });

  test('a given URL keeps its own query and gains the tracking parameters', () => {
    expect(
      landingUrl('https://x', { productId: 'p1' }, 'abcdefgh', 'a', 'https://m.jd.example/i?id=9#top'),
    ).toBe('https://m.jd.example/i?id=9&tr_code=abcdefgh&tr_sub=a#top');
  });

  test('only absolute http(s) targets', () => {
    expect(badTarget('https://m.example.com/x')).toBeNull();
    expect(badTarget('http://m.example.com')).toBeNull();
    expect(badTarget('/relative')).toBe('must be an absolute URL');
    expect(badTarget('javascript:alert(1)')).toBe('must be an http or https URL');
    expect(badTarget('data:text/html,hi')).toBe('must be an http or https URL');
  });
});

describe('consumerOf', () => {
  test('the uid parameter first, else the uid cookie, else unknown', () => {
    expect(consumerOf({ uid: 'u1' }, 'uid=u2')).toBe('u1');
    expect(consumerOf({}, 'a=1; uid=u2; b=3')).toBe('u2');
    expect(consumerOf({}, 'xuid=u3; uid=%E7%94%A8')).toBe('用');
    expect(consumerOf({ uid: '  ' }, undefined)).toBeNull();
    expect(consumerOf({}, 'uid=')).toBeNull();
    expect(consumerOf({}, 'uid=%E0%A4%A')).toBe('%E0%A4%A');
    expect(consumerOf({ uid: 'x'.repeat(100) }, undefined)).toHaveLength(64);
  });
});
