// The sandbox's one source of time: the current instant and timers. The server runs on `realClock`
// (wall clock, Node timers); unit tests inject a `ManualClock`, whose time moves only when the test says
// so, and which runs the queued timers with `runUntilIdle()` / `advance()` instead of waiting for them.

/** A scheduled callback; `unref()` lets the process exit while it is pending (a no-op on a manual clock). */
export interface TimerHandle {
  unref(): unknown;
}

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
  setInterval(fn: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle | undefined): void;
  /** Runs `fn` after the current I/O (setImmediate). */
  setImmediate(fn: () => void): void;
}

/** The wall clock and Node's timers. */
export const realClock: Clock = {
  now: () => new Date(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout | undefined),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout | undefined),
  setImmediate: (fn) => {
    setImmediate(fn);
  },
};

interface Scheduled extends TimerHandle {
  readonly seq: number;
  at: number;
  readonly fn: () => void;
  readonly every?: number;
  readonly label: string;
  cancelled: boolean;
}

export interface RunOptions {
  /** Timers run before giving up with an error listing what is still queued (default 10 000). */
  maxSteps?: number;
  /**
   * Idle means nothing is due within this many ms of the current (virtual) time (default 1000):
   * far-off rechecks (progress deadlines, back-off, lease renewals) stay queued for `advance()`.
   */
  horizonMs?: number;
}

/** Lets every pending promise callback run (one macrotask turn: microtasks all run before it). */
function drain(): Promise<void> {
  return new Promise<void>((r) => setImmediate(r));
}

/** A clock for tests: time stands still until `advance()`, and timers run in due order, one at a time. */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  #queue: Scheduled[] = [];

  constructor(start: Date | string = '2026-11-26T01:00:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) (handle as unknown as Scheduled).cancelled = true;
    this.#queue = this.#queue.filter((t) => !t.cancelled);
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    return this.#add(fn, ms, Math.max(1, ms));
  }

  clearInterval(handle: TimerHandle | undefined): void {
    this.clearTimeout(handle);
  }

  setImmediate(fn: () => void): void {
    this.#add(fn, 0);
  }

  /** What is queued, soonest first, as `+<ms from now> <callback>` (for failure messages). */
  pending(): string[] {
    return this.#sorted().map((t) => `+${t.at - this.#now}ms ${t.label}${t.every ? ` (every ${t.every}ms)` : ''}`);
  }

  /** Runs every timer due within the horizon, moving time to each, until none is left or `maxSteps` is exceeded. */
  async runUntilIdle(opts: RunOptions = {}): Promise<void> {
    const maxSteps = opts.maxSteps ?? 10_000;
    const horizon = opts.horizonMs ?? 1000;
    for (let steps = 0; ; steps++) {
      await drain();
      const next = this.#sorted()[0];
      if (!next || next.at > this.#now + horizon) return;
      if (steps >= maxSteps) {
        throw new Error(`clock not idle after ${maxSteps} timers; still queued:\n  ${this.pending().slice(0, 20).join('\n  ')}`);
      }
      this.#fire(next);
    }
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way (in order), then settles. */
  async advance(ms: number, opts: RunOptions = {}): Promise<void> {
    const target = this.#now + ms;
    const maxSteps = opts.maxSteps ?? 10_000;
    for (let steps = 0; ; steps++) {
      await drain();
      const next = this.#sorted()[0];
      if (!next || next.at > target) break;
      if (steps >= maxSteps) {
        throw new Error(`clock still busy after ${maxSteps} timers advancing ${ms}ms; still queued:\n  ${this.pending().slice(0, 20).join('\n  ')}`);
      }
      this.#fire(next);
    }
    this.#now = Math.max(this.#now, target);
    await this.runUntilIdle({ ...opts, horizonMs: 0 });
  }

  #add(fn: () => void, ms: number, every?: number): Scheduled {
    const t: Scheduled = {
      seq: this.#seq++,
      at: this.#now + Math.max(0, Number.isFinite(ms) ? ms : 0),
      fn,
      every,
      label: fn.name || fn.toString().replace(/\s+/g, ' ').slice(0, 80),
      cancelled: false,
      unref: () => t,
    };
    this.#queue.push(t);
    return t;
  }

  #sorted(): Scheduled[] {
    return this.#queue.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  #fire(t: Scheduled): void {
    this.#now = Math.max(this.#now, t.at);
    if (t.every) t.at = this.#now + t.every;
    else {
      t.cancelled = true;
      this.#queue = this.#queue.filter((x) => x !== t);
    }
    t.fn();
  }
}
