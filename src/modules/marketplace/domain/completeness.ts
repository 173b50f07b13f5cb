/**
 * Detail completeness 0..100 of a product listing, the "information" input of the product score:
 * title (20: 20+ characters), main images (30: 5 or more, pro rata), attributes (30: 6 or more, pro rata),
 * description (20: 200+ characters, pro rata).
 */
export function detailCompleteness(p: {
  title: string;
  images?: string[];
  attributes?: Record<string, string>;
  description?: string;
}): number {
  const title = Math.min(1, [...p.title].length / 20) * 20;
  const images = Math.min(1, (p.images?.length ?? 0) / 5) * 30;
  const attrs = Math.min(1, Object.keys(p.attributes ?? {}).length / 6) * 30;
  const desc = Math.min(1, [...(p.description ?? '')].length / 200) * 20;
  return Math.round(title + images + attrs + desc);
}
