import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/parse.js';
import { KcurlError } from '../../../src/errors.js';

describe('parseArgs reads pflag forms like kubectl', () => {
  it.each([
    [['get', 'pods', '-ojson'], { output: 'json' }],
    [['get', 'pods', '-o', 'wide'], { output: 'wide' }],
    [['get', 'pods', '--output=yaml'], { output: 'yaml' }],
    [['get', 'pods', '-nkube-system'], { namespace: 'kube-system' }],
    [['get', 'pods', '-n=kube-system'], { namespace: 'kube-system' }],
    [['-n', 'x', 'get', 'pods'], { namespace: 'x' }],
    [['get', 'pods', '-A'], { allNamespaces: true }],
    [['get', 'pods', '-Aojson'], { allNamespaces: true, output: 'json' }],
    [['get', 'pods', '--show-curl'], { showCurl: 'readable' }],
    [['get', 'pods', '--show-curl=script'], { showCurl: 'script' }],
    [['get', 'pods', '--show-curl=line'], { showCurl: 'line' }],
    [['get', 'pods', '-v', '8'], { v: 8 }],
    [['get', 'pods', '--v=9'], { v: 9 }],
    [['get', 'pods', '-v6'], { v: 6 }],
    [['get', 'pods', '-L', 'app,tier', '-L', 'env'], { labelColumns: ['app', 'tier', 'env'] }],
    [['get', 'pods', '--insecure-skip-tls-verify=false'], { insecureSkipTlsVerify: false }],
    [['get', 'pods', '-n', 'a', '-n', 'b'], { namespace: 'b' }],
    [['get', 'pods', '--as-group', 'a', '--as-group', 'b'], { asGroup: ['a', 'b'] }],
  ])('%j', (argv, expected) => {
    const parsed = parseArgs(argv);
    expect(parsed.command?.name).toBe('get');
    expect(parsed.positionals).toEqual(['pods']);
    expect(parsed.flags).toMatchObject(expected);
  });

  it('keeps numeric-looking names as strings', () => {
    expect(parseArgs(['get', 'pod', '007', '1e3']).positionals).toEqual(['pod', '007', '1e3']);
  });

  it('defaults chunk-size to 500', () => {
    expect(parseArgs(['get', 'pods']).flags.chunkSize).toBe(500);
  });

  it.each([
    [['get', 'pods', '--bogus'], 'error: unknown flag: --bogus'],
    [['get', 'pods', '-Z'], "error: unknown shorthand flag: 'Z' in -Z"],
    [['frobnicate'], 'error: unknown command "frobnicate" for "kcurl"'],
    [['get', 'pods', '-n'], "error: flag needs an argument: 'n' in -n"],
    [['get', 'pods', '--show-curl=yes'], 'error: invalid argument "yes" for --show-curl'],
  ])('rejects %j', (argv, message) => {
    let caught: unknown;
    try {
      parseArgs(argv);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KcurlError);
    expect(`error: ${(caught as Error).message}`).toContain(message);
  });
});

describe('flag values keep their quotes (yargs-parser strips one pair; pflag does not)', () => {
  it.each([['"jane"'], ["'jane'"], ['"'], ["'"], ['")]"'], ['"a" "b"']])('--as %s', (value) => {
    expect(parseArgs(['get', 'pods', '--as', value]).flags.as).toBe(value);
    expect(parseArgs(['get', 'pods', `--as=${value}`]).flags.as).toBe(value);
    expect(parseArgs(['get', 'pods', '-l', value]).flags.selector).toBe(value);
    expect(parseArgs(['get', 'pods', `-l${value}`]).flags.selector).toBe(value);
  });
});

describe('StringArray flags (kubectl --as-group, create token --audience) keep commas', () => {
  it('--as-group a,b is one group; repeated flags are several', () => {
    expect(parseArgs(['get', 'pods', '--as', 'x', '--as-group', 'a,b', '--as-group', ',']).flags.asGroup).toEqual(['a,b', ',']);
  });
});
