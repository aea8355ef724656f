// apimachinery resource.Quantity, exactly (shared by describe and the sandbox's quota and limit admission): parsing ("500m", "1.5Gi", "2e3"), addition, comparison, and the
// canonical String() describe prints ("1536Mi" stays binary, "0.5" becomes "500m", sums keep the first format).
// Values are held as mantissa × 10^scale with BigInt, so sums never pick up float rounding.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));

const pow10 = (n: number): bigint => 10n ** BigInt(n);

export class Quantity {
  /** value = mantissa × 10^scale, scale ≥ -9 (Kubernetes rounds finer values up to nano units). */
  private constructor(
    readonly mantissa: bigint,
    readonly scale: number,
    readonly format: QuantityFormat,
  ) {}

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format);
  }

  /** resource.ParseQuantity; undefined for text that is not a quantity. */
  static parse(input: unknown): Quantity | undefined {
    if (typeof input === 'number') input = String(input);
    if (typeof input !== 'string') return undefined;
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(input.trim());
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
    const negative = m[1] === '-';
    const fraction = m[3] ?? '';
    let mantissa = BigInt((m[2] || '0') + fraction);
    let scale = -fraction.length;
    const suffix = m[4] ?? '';
    let format: QuantityFormat;
    if (suffix in BINARY_SUFFIXES) {
      format = 'BinarySI';
      mantissa *= 2n ** BigInt(BINARY_SUFFIXES[suffix]);
    } else if (suffix in DECIMAL_SUFFIXES) {
      format = 'DecimalSI';
      scale += DECIMAL_SUFFIXES[suffix];
    } else {
      format = 'DecimalExponent';
      scale += Number(suffix.slice(1));
    }
    if (negative) mantissa = -mantissa;
    return Quantity.normalized(mantissa, scale, format);
  }

  private static normalized(mantissa: bigint, scale: number, format: QuantityFormat): Quantity {
    if (scale < -9) {
      // Round away from zero to nano precision, as ParseQuantity does.
      const d = pow10(-9 - scale);
      const q = mantissa / d;
      mantissa = q * d === mantissa ? q : mantissa > 0n ? q + 1n : q - 1n;
      scale = -9;
    }
    return new Quantity(mantissa, scale, format);
  }

  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.mantissa, this.scale, format);
  }

  isZero(): boolean {
    return this.mantissa === 0n;
  }

  private at(scale: number): bigint {
    return scale <= this.scale ? this.mantissa * pow10(this.scale - scale) : this.mantissa / pow10(scale - this.scale);
  }

  add(other: Quantity): Quantity {
    const scale = Math.min(this.scale, other.scale);
    return new Quantity(this.at(scale) + other.at(scale), scale, this.format);
  }

  cmp(other: Quantity): number {
    const scale = Math.min(this.scale, other.scale);
    const a = this.at(scale);
    const b = other.at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** ScaledValue(scale): the value in units of 10^scale, rounded away from zero. */
  private scaled(scale: number): bigint {
    if (this.scale >= scale) return this.mantissa * pow10(this.scale - scale);
    const d = pow10(scale - this.scale);
    const q = this.mantissa / d;
    if (q * d === this.mantissa) return q;
    return this.mantissa > 0n ? q + 1n : q - 1n;
  }

  value(): number {
    return Number(this.scaled(0));
  }

  milliValue(): number {
    return Number(this.scaled(-3));
  }

  /** Quantity.String(): the canonical form. */
  toString(): string {
    if (this.mantissa === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const exactInteger = this.scale >= 0 || this.mantissa % pow10(-this.scale) === 0n;
      const small = this.cmp(new Quantity(-1024n, 0, 'DecimalSI')) > 0 && this.cmp(new Quantity(1024n, 0, 'DecimalSI')) < 0;
      if (small || !exactInteger) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      let amount = this.at(0);
      let exponent = 0;
      while (amount % 1024n === 0n && exponent < 60) {
        amount /= 1024n;
        exponent += 10;
      }
      return `${amount}${BINARY_BY_EXPONENT.get(exponent) ?? ''}`;
    }
    // AsCanonicalBytes: strip factors of ten, then lower the exponent to a multiple of three.
    let amount = this.mantissa;
    let exponent = this.scale;
    while (amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    const rem = ((exponent % 3) + 3) % 3;
    if (rem === 1) {
      amount *= 10n;
      exponent -= 1;
    } else if (rem === 2) {
      amount *= 100n;
      exponent -= 2;
    }
    if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
    const suffix = DECIMAL_BY_EXPONENT.get(exponent);
    return suffix === undefined ? `${amount}e${exponent}` : `${amount}${suffix}`;
  }
}

/** A ResourceList (map of name → quantity text) read into Quantities; unparsable entries are dropped. */
export function resourceList(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>();
  if (!list || typeof list !== 'object') return out;
  for (const [name, value] of Object.entries(list as Record<string, unknown>)) {
    const q = Quantity.parse(value);
    if (q) out.set(name, q);
  }
  return out;
}
