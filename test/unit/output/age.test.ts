// formatAge = apimachinery duration.HumanDuration: cases from its duration_test.go plus every boundary between forms.
import { describe, expect, it } from 'vitest';
import { formatAge, humanDuration } from '../../../src/output/age.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration', () => {
  it.each([
    // apimachinery pkg/util/duration/duration_test.go
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * D, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y'],
    // boundaries
    [0, '0s'],
    [999, '0s'],
    [-999, '0s'],
    [-1999, '0s'],
    [-2 * S, '<invalid>'],
    [119 * S + 999, '119s'],
    [120 * S, '2m'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 59 * S, '10m'],
    [179 * M + 59 * S, '179m'],
    [180 * M, '3h'],
    [7 * H + 59 * M + 59 * S, '7h59m'],
    [8 * H + 59 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [7 * D + 23 * H, '7d23h'],
    [8 * D, '8d'],
    [729 * D + 23 * H, '729d'],
    [730 * D, '2y'],
    [(365 * 7 + 364) * D, '7y364d'],
    [365 * 8 * D, '8y'],
    [365 * 20 * D, '20y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('formatAge', () => {
  it.each([
    ['2026-11-23T00:22:19Z', '2026-11-23T00:22:37Z', '18s'],
    ['2026-11-23T00:17:41Z', '2026-11-23T00:22:37Z', '4m56s'],
    ['2026-11-20T00:00:00Z', '2026-11-23T06:00:00Z', '3d6h'],
    ['2026-11-23T00:22:40Z', '2026-11-23T00:22:37Z', '<invalid>'],
  ])('since %s at %s → %s', (since, now, want) => {
    expect(formatAge(new Date(since), new Date(now))).toBe(want);
  });
});
