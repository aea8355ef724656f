// The manual clock the sandbox's controller and kubelet tests run on: virtual time, timers in due order,
// promises settled between timers, and a loud failure when queued work never stops.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/sandbox/clock.js';

describe('ManualClock', () => {
  it('stands still until advanced, and runs timers in due order with now() at their due time', async () => {
    const clock = new ManualClock('2026-11-26T01:00:00Z');
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now().toISOString()}`), 200);
    clock.setTimeout(() => seen.push(`a@${clock.now().toISOString()}`), 100);
    clock.setImmediate(() => seen.push('now'));
    expect(seen).toEqual([]);
    await clock.advance(150);
    expect(seen).toEqual(['now', 'a@2026-11-26T01:00:00.100Z']);
    expect(clock.now().toISOString()).toBe('2026-11-26T01:00:00.150Z');
    await clock.advance(50);
    expect(seen).toEqual(['now', 'a@2026-11-26T01:00:00.100Z', 'b@2026-11-26T01:00:00.200Z']);
  });

  it('lets promises a timer starts settle before the next timer runs', async () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => {
          seen.push('async follow-up');
          clock.setTimeout(() => seen.push('scheduled by it'), 10);
        });
    }, 10);
    clock.setTimeout(() => seen.push('second'), 11);
    await clock.runUntilIdle();
    expect(seen).toEqual(['async follow-up', 'second', 'scheduled by it']);
  });

  it('runUntilIdle leaves timers beyond the horizon queued for advance()', async () => {
    const clock = new ManualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(1), 500);
    clock.setTimeout(() => seen.push(2), 10_000);
    await clock.runUntilIdle();
    expect(seen).toEqual([1]);
    expect(clock.pending()).toHaveLength(1);
    await clock.advance(9_499);
    expect(seen).toEqual([1]);
    await clock.advance(1);
    expect(seen).toEqual([1, 2]);
  });

  it('cancels timers and repeats intervals until cleared', async () => {
    const clock = new ManualClock();
    let ticks = 0;
    const interval = clock.setInterval(() => ticks++, 1000);
    const cancelled = clock.setTimeout(() => (ticks += 100), 500);
    clock.clearTimeout(cancelled);
    await clock.advance(3500);
    expect(ticks).toBe(3);
    clock.clearInterval(interval);
    await clock.advance(5000);
    expect(ticks).toBe(3);
    expect(clock.pending()).toEqual([]);
  });

  it('throws naming what is still queued when work keeps rescheduling itself', async () => {
    const clock = new ManualClock();
    const again = () => {
      clock.setTimeout(again, 5);
    };
    clock.setTimeout(again, 5);
    await expect(clock.runUntilIdle({ maxSteps: 50 })).rejects.toThrow(/clock not idle after 50 timers; still queued:\n {2}\+5ms again/);
  });
});
