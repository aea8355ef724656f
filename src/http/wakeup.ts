// One mechanism for a reader that waits on callbacks: a queue of chunks filled by 'data' events, a sink's room.

/**
 * Parks a reader until the next notify(). One waiter at a time; a notify() with nobody waiting does nothing, so
 * the reader looks at its condition (a chunk queued, the end reached) before each wait().
 */
export function wakeup(): { wait(): Promise<void>; notify(): void } {
  let wake: (() => void) | undefined;
  return {
    wait: () => new Promise<void>((resolve) => (wake = resolve)),
    notify: () => {
      const w = wake;
      wake = undefined;
      w?.();
    },
  };
}
