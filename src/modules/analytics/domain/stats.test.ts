import { describe, expect, test } from 'vitest';
import { normalCdf, normalInv, sampleOf, tCdf, tInv, twoProportionZ, welchT } from './stats.ts';

// Reference values from scipy 1.17.1 (scipy.stats.norm / t / ttest_ind(equal_var=False)), printed with repr().
const close = (got: number, want: number, rel = 1e-9) =>
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * Math.max(1e-300, Math.abs(want)));

describe('distributions', () => {
  test('normal CDF, tails included', () => {
    const cases: [number, number][] = [
      [-8, 6.22096057427174e-16],
      [-3, 0.0013498980316300933],
      [-1.96, 0.024997895148220435],
      [-0.5, 0.3085375387259869],
      [0.3, 0.6179114221889526],
      [1, 0.8413447460685429],
      [2.5, 0.9937903346742238],
      [6, 0.9999999990134123],
    ];
    for (const [x, p] of cases) close(normalCdf(x), p);
    expect(normalCdf(0)).toBe(0.5);
  });

  test('normal quantile', () => {
    const cases: [number, number][] = [
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.025, -1.9599639845400545],
      [0.3, -0.5244005127080409],
      [0.975, 1.959963984540054],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, x] of cases) close(normalInv(p), x);
    expect(normalInv(0.5)).toBeCloseTo(0, 14);
  });

  test('t CDF, fractional degrees of freedom too', () => {
    const cases: [number, number, number][] = [
      [-2.5, 3, 0.04385332350403278],
      [1.0, 1, 0.75],
      [2.0, 7.5, 0.9585515023509168],
      [-0.3, 30, 0.3831230526421764],
      [4.0, 120.25, 0.9999450861608942],
      [10, 2, 0.9950737714883372],
    ];
    for (const [t, df, p] of cases) close(tCdf(t, df), p);
  });

  test('t quantile', () => {
    const cases: [number, number, number][] = [
      [0.975, 1, 12.706204736174694],
      [0.975, 5, 2.5705818356363146],
      [0.975, 17.3, 2.1070320037534676],
      [0.975, 1000, 1.9623390808264083],
      [0.01, 4, -3.746947387979197],
    ];
    for (const [p, df, t] of cases) close(tInv(p, df), t, 1e-10);
  });
});

describe('tests', () => {
  test('two-proportion z: 120/1000 vs 90/1000', () => {
    const r = twoProportionZ(120, 1000, 90, 1000)!;
    close(r.diff, 0.03, 1e-12);
    close(r.statistic, 2.1882658846227234);
    close(r.p, 0.028650240398448473);
    // Wald interval with the unpooled standard error
    close(r.ci[0], 0.003162087844242642);
    close(r.ci[1], 0.056837912155757356);
  });

  test('two-proportion z is null without a comparison', () => {
    expect(twoProportionZ(0, 100, 0, 50)).toBeNull();
    expect(twoProportionZ(3, 0, 1, 10)).toBeNull();
  });

  test("Welch's t from n, Σx, Σx² equals scipy's on the raw samples", () => {
    // a = [120, 0, 0, 350, 0, 80, 0, 0, 410, 0, 99, 0]; b = [0, 0, 150, 0, 0, 0, 60, 0]
    const r = welchT(sampleOf(12, 1059, 321201), sampleOf(8, 210, 26100))!;
    close(r.statistic, 1.3552214765242654);
    close(r.p, 0.1952624046504907, 1e-8);
    close(r.df!, 15.109183530152794);
    close(r.ci[0], -35.450305336041254, 1e-8);
    close(r.ci[1], 159.45030533604125, 1e-8);
  });

  test('Welch is null with fewer than two units or no variance', () => {
    expect(welchT(sampleOf(1, 5, 25), sampleOf(10, 0, 0))).toBeNull();
    expect(welchT(sampleOf(5, 0, 0), sampleOf(10, 0, 0))).toBeNull();
  });
});
