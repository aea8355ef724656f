// Streams of simulated processes: Input look-ahead, pipes with backpressure and broken pipes.
import { describe, expect, it } from 'vitest';
import { BrokenPipe, collector, Input, pipe } from '../../../../src/sandbox/container/streams.js';

describe('Input', () => {
  it('gives lines one at a time and leaves the rest for the next reader', async () => {
    const input = Input.of('one\ntwo\nthree');
    expect(await input.readLine()).toBe('one\n');
    expect(await input.read()).toBe('two\nthree');
    expect(await input.readLine()).toBeNull();
  });

  it('reads everything to the end', async () => {
    expect(await Input.of('a\nb\n').readAll()).toBe('a\nb\n');
    expect(await Input.empty().readAll()).toBe('');
  });
});

describe('pipe', () => {
  it('hands chunks to the reader as they are written, then end of input', async () => {
    const p = pipe();
    await p.output.write('a\n');
    expect(await p.input.readLine()).toBe('a\n');
    await p.output.write('b\n');
    p.end();
    expect(await p.input.readAll()).toBe('b\n');
  });

  it('makes a writer wait while its reader is behind (backpressure)', async () => {
    const p = pipe(4);
    const order: string[] = [];
    const written = (async () => {
      await p.output.write('12345');
      order.push('write done');
    })();
    await Promise.resolve();
    order.push('reading');
    expect(await p.input.read()).toBe('12345');
    await written;
    expect(order).toEqual(['reading', 'write done']);
  });

  it('breaks the pipe for the writer once the reader has gone', async () => {
    const p = pipe(4);
    const waiting = p.output.write('12345');
    p.input.close();
    await waiting;
    expect(() => p.output.write('more')).toThrow(BrokenPipe);
  });
});

it('collector keeps what was written', async () => {
  const c = collector();
  await c.write('a');
  await c.write('b');
  expect(c.text()).toBe('ab');
});
