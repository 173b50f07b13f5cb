import { describe, expect, test } from 'vitest';
import { domainOf, domainSql, SOURCES, sourceOf, sourceSql } from './sources.ts';

describe('traffic sources', () => {
  test('business channels win over the scene; organic traffic is named by its scene', () => {
    expect(sourceOf('live', 'creator')).toBe('creator');
    expect(sourceOf('search', 'ad')).toBe('ads');
    expect(sourceOf('live', 'self_live')).toBe('live');
    expect(sourceOf('search', 'organic')).toBe('search');
    expect(sourceOf('share', 'organic')).toBe('promoter');
    expect(sourceOf('video', 'organic')).toBe('other');
  });
  test('every source belongs to one domain', () => {
    expect(SOURCES.map(domainOf).filter((d) => d === 'self_stream')).toEqual(['self_stream']);
    expect(domainOf('creator')).toBe('distribution');
    expect(domainOf('joint')).toBe('shelf');
  });
  test('the SQL form names the same sources', () => {
    const s = sourceSql('o');
    expect(s).toContain("WHEN o.channel = 'self_live' THEN 'live'");
    expect(s).toContain("WHEN o.scene = 'share' THEN 'promoter'");
    expect(s.endsWith("ELSE 'other' END)")).toBe(true);
  });
  test('the SQL domain maps the same sources to the same domains', () => {
    const d = domainSql('o');
    expect(d).toContain(sourceSql('o'));
    expect(d).toContain("WHEN 'live' THEN 'self_stream'");
    expect(d).toContain("WHEN 'creator' THEN 'distribution' WHEN 'promoter' THEN 'distribution'");
    expect(d.endsWith("ELSE 'shelf' END)")).toBe(true);
  });
});
