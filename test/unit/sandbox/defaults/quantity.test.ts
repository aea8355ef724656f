// resource.Quantity's canonical form (k8s.io/apimachinery pkg/api/resource quantity_test.go cases): what the
// API server stores for a quantity given as a string or a JSON number.
import { describe, expect, it } from 'vitest';
import { canonicalQuantity } from '../../../../src/sandbox/defaults/quantity.js';

describe('canonicalQuantity', () => {
  it.each([
    [0.5, '500m'],
    [1, '1'],
    [1000, '1k'],
    [0.001, '1m'],
    [1e21, '1e21'],
    ['1e3', '1e3'],
    ['1e4', '10e3'],
    ['12e-1', '1200e-3'],
    ['1.5', '1500m'],
    ['.5', '500m'],
    ['5.', '5'],
    ['2000m', '2'],
    ['100m', '100m'],
    ['0.1m', '100u'],
    ['0.0000000001', '1n'],
    ['-1.5', '-1500m'],
    ['0', '0'],
    ['0Gi', '0'],
    ['100M', '100M'],
    ['129e6', '129e6'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['1Ki', '1Ki'],
    ['0.5Ki', '512'],
    ['0.3Ki', '307200m'],
    ['1000000Ki', '1000000Ki'],
    [' 2 ', '2'],
  ])('%j → %s', (input, expected) => {
    expect(canonicalQuantity(input)).toBe(expected);
  });

  it.each([['abc'], ['1.2.3'], ['1Kb'], [''], ['.'], [true], [Number.NaN]])('%j is not a quantity', (input) => {
    expect(canonicalQuantity(input)).toBeUndefined();
  });
});
