// A credential value that cannot leak by accident: it prints, serialises and inspects as a marker.
// Only reveal() gives the value, and only the executor and --reveal rendering call it.
import { inspect } from 'node:util';

export class Secret<T extends string | Uint8Array = string> {
  readonly #value: T;
  readonly what: string;
  constructor(value: T, what = 'credential') {
    this.#value = value;
    this.what = what;
  }
  reveal(): T {
    return this.#value;
  }
  toString(): string {
    return `<redacted ${this.what}>`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}
