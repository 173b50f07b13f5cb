/**
 * Insight report arithmetic: per-dimension counts of an audience against a base (the platform, the merchant's
 * customers or another audience) turned into shares and TGI (target group index: the audience's share of a
 * value over the base's share × 100), with privacy suppression of small cells. Pure.
 */

export interface DimensionValue {
  key: string;
  value: string;
  label: string;
  labelZh: string;
}
export interface Dimension {
  key: string;
  values: DimensionValue[];
}

export interface InsightCell extends DimensionValue {
  count: number | null;
  share: number | null;
  baseShare: number | null;
  tgi: number | null;
  suppressed: boolean;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * Shares are of the audience size / base size (4 decimals); TGI = round(share / baseShare × 100) from the
 * unrounded shares, null when the base has no one with the value. A cell whose audience count is under
 * `minCell` is suppressed (count, share and TGI null); a base cell under `minCell` shows no baseShare (and so
 * no TGI) either, so a small base cannot be read through it.
 */
export function insightCells(
  dims: Dimension[],
  count: (key: string) => number,
  baseCount: (key: string) => number,
  size: number,
  baseSize: number,
  minCell: number,
): { key: string; values: InsightCell[] }[] {
  return dims.map((d) => ({
    key: d.key,
    values: d.values.map((v) => {
      const n = count(v.key);
      const b = baseCount(v.key);
      const share = size > 0 ? n / size : 0;
      const baseHidden = b < minCell && b > 0;
      const baseShare = baseSize > 0 ? b / baseSize : 0;
      const suppressed = n < minCell;
      return {
        ...v,
        count: suppressed ? null : n,
        share: suppressed ? null : round4(share),
        baseShare: baseHidden ? null : round4(baseShare),
        tgi: suppressed || baseHidden || baseShare === 0 ? null : Math.round((share / baseShare) * 100),
        suppressed,
      };
    }),
  }));
}
