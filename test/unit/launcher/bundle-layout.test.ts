// scripts/bundle-layout.mjs: which bundle each module goes into, on small module graphs shaped like
// esbuild's metafile (the real layout is checked against dist/bundles.json in
// test/integration/launcher-code-cache.test.ts).
import { describe, expect, it } from 'vitest';
import { layoutBundles, type MetafileInputs } from '../../../scripts/bundle-layout.mjs';

/** A graph from "file: static, static, @dynamic" lines. */
function graph(spec: Record<string, string>): MetafileInputs {
  return Object.fromEntries(
    Object.entries(spec).map(([file, list]) => [
      file,
      {
        imports: list
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => (s.startsWith('@') ? { path: s.slice(1), kind: 'dynamic-import' } : { path: s, kind: 'import-statement' })),
      },
    ]),
  );
}

const BUNDLES = [
  { name: 'hot', entries: ['get.ts'] },
  { name: 'client', entries: ['transport.ts'] },
  { name: 'commands', entries: [] },
  { name: 'sandbox', entries: ['server.ts'] },
];
const options = { hotEntry: 'main.ts', bundles: BUNDLES, defaultBundle: 'commands' };

const INPUTS = graph({
  'main.ts': 'errors.ts, @get.ts, @transport.ts, @proxy.ts, @server.ts',
  'get.ts': 'errors.ts, @printers.ts',
  'errors.ts': '',
  'transport.ts': 'undici.js, codec.ts',
  'undici.js': '',
  'printers.ts': 'codec.ts, age.ts',
  'age.ts': '',
  'codec.ts': '',
  'proxy.ts': 'transport.ts, pod-env.ts, errors.ts',
  'pod-env.ts': '',
  'server.ts': 'codec.ts, pod-env.ts, store.ts, errors.ts',
  'store.ts': '',
});

describe('layoutBundles', () => {
  const { bundleOf, exported } = layoutBundles(INPUTS, options);
  const layout = Object.fromEntries(bundleOf);

  it('puts main, the hot entries and what they import statically into the hot bundle', () => {
    expect(['main.ts', 'get.ts', 'errors.ts'].map((f) => layout[f])).toEqual(['hot', 'hot', 'hot']);
  });

  it('puts a listed entry into its bundle and an unlisted one into the default bundle', () => {
    expect([layout['transport.ts'], layout['server.ts'], layout['proxy.ts']]).toEqual(['client', 'sandbox', 'commands']);
  });

  it('gives an unlisted entry reached only dynamically (from the hot bundle) to the default bundle', () => {
    expect(layout['printers.ts']).toBe('commands');
  });

  it('keeps a statically imported entry in its own bundle: proxy.ts imports transport.ts from the client bundle', () => {
    expect(layout['transport.ts']).toBe('client');
    expect(exported.get('client')).toContain('transport.ts');
  });

  it('puts a module that several bundles import into the first of them, leaving the sandbox only what it alone uses', () => {
    expect(layout['codec.ts']).toBe('client');
    expect(layout['pod-env.ts']).toBe('commands');
    expect(layout['store.ts']).toBe('sandbox');
    expect(layout['undici.js']).toBe('client');
  });

  it('places every module exactly once', () => {
    expect(Object.keys(layout).sort()).toEqual(Object.keys(INPUTS).sort());
  });

  it('exports from each bundle exactly the modules other bundles import from it', () => {
    expect(Object.fromEntries([...exported].map(([b, files]) => [b, [...files].sort()]))).toEqual({
      hot: ['errors.ts'],
      client: ['codec.ts', 'transport.ts'],
      commands: ['pod-env.ts', 'printers.ts', 'proxy.ts'],
      sandbox: ['server.ts'],
    });
  });

  it.each([
    [
      'an entry nothing imports dynamically',
      [
        { name: 'hot', entries: [] },
        { name: 'client', entries: ['codec.ts'] },
        { name: 'commands', entries: [] },
      ],
      'BUNDLES lists codec.ts for client, but nothing imports it dynamically',
    ],
    [
      'an entry listed twice',
      [
        { name: 'hot', entries: [] },
        { name: 'client', entries: ['proxy.ts'] },
        { name: 'commands', entries: ['proxy.ts'] },
      ],
      'BUNDLES lists proxy.ts twice',
    ],
    [
      'no default bundle among the bundles',
      [
        { name: 'hot', entries: [] },
        { name: 'client', entries: [] },
      ],
      'the default bundle commands must be one of the bundles after the hot one',
    ],
  ])('rejects %s', (_what, bundles, message) => {
    expect(() => layoutBundles(INPUTS, { ...options, bundles })).toThrow(message);
  });
});
