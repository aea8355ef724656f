// resource.Quantity values ("500m", "100Mi", "1e3", "2"): read as numbers, enough to add and compare
// requests and limits the way the QoS class computation does, and written in the canonical form the
// API server stores (k8s.io/apimachinery pkg/api/resource: ParseQuantity, then CanonicalizeBytes).

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** The quantity's value in base units, or undefined when it is not a valid quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const suffix = m[2] ?? '';
  if (suffix in BINARY) return n * BINARY[suffix];
  if (suffix in DECIMAL) return n * DECIMAL[suffix];
  return n * 10 ** Number(suffix.slice(1));
}

/** Equality with a tolerance for the float rounding of sums such as 0.1 + 0.2. */
export function sameQuantity(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** The decode error of a string that is not a quantity (resource.ErrFormatWrong). */
export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const SI_EXPONENT: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_EXPONENT: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SI_SUFFIX = Object.fromEntries(Object.entries(SI_EXPONENT).map(([k, v]) => [v, k])) as Record<number, string>;
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * The canonical string of a quantity as the API server writes it back, or undefined when `value` is not
 * one. JSON numbers are accepted as Quantity.UnmarshalJSON accepts them (their decimal text parsed as a
 * string). The value keeps its kind of suffix (decimal SI, binary SI, decimal exponent); the mantissa is
 * an integer with the largest exponent (a multiple of 3, or of 10 for binary) that loses nothing;
 * precision beyond nano is rounded up; binary values under 1Ki, or not whole, are written as decimal SI.
 * Examples: 0.5 → "500m", 1 → "1", 1000 → "1k", "1.5Gi" → "1536Mi", "1e4" → "10e3", "0" → "0".
 */
export function canonicalQuantity(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') text = value.trim();
  else return undefined;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const negative = m[1] === '-';
  const whole = m[2];
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  // value = digits × 10^exp10 (× 2^exp2 for binary suffixes)
  let digits = BigInt(whole + frac || '0');
  let exp10 = -frac.length;
  let format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent' = 'DecimalSI';
  if (suffix in BINARY_EXPONENT) {
    format = 'BinarySI';
    digits <<= BigInt(BINARY_EXPONENT[suffix]);
  } else if (suffix in SI_EXPONENT) exp10 += SI_EXPONENT[suffix];
  else {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  }
  // More precise than nano: rounded up (away from zero) to 1n.
  if (exp10 < -9) {
    const div = 10n ** BigInt(-9 - exp10);
    digits = (digits + div - 1n) / div;
    exp10 = -9;
  }
  if (digits === 0n) return '0';
  const sign = negative ? '-' : '';
  if (format === 'BinarySI') {
    // |value| < 1024, or a value that is not whole, is written as decimal SI (no rounding, no confusion).
    const whole10 = exp10 >= 0 ? digits * 10n ** BigInt(exp10) : digits % 10n ** BigInt(-exp10) === 0n ? digits / 10n ** BigInt(-exp10) : undefined;
    if (whole10 !== undefined && whole10 >= 1024n) {
      let amount = whole10;
      let power = 0;
      while (amount % 1024n === 0n && power < BINARY_SUFFIX.length - 1) {
        amount /= 1024n;
        power++;
      }
      return `${sign}${amount}${BINARY_SUFFIX[power]}`;
    }
    format = 'DecimalSI';
  }
  while (digits % 10n === 0n) {
    digits /= 10n;
    exp10++;
  }
  // The exponent goes down to a multiple of 3 (Go's %, which keeps the sign).
  const rem = exp10 % 3;
  if (rem === 1 || rem === -2) {
    digits *= 10n;
    exp10 -= 1;
  } else if (rem === 2 || rem === -1) {
    digits *= 100n;
    exp10 -= 2;
  }
  if (format === 'DecimalExponent' || SI_SUFFIX[exp10] === undefined) return `${sign}${digits}${exp10 === 0 ? '' : `e${exp10}`}`;
  return `${sign}${digits}${SI_SUFFIX[exp10]}`;
}
