// Flag declarations → option types and values: FlagValues maps each declared flag to its camel-cased, typed
// property (checked by tsc through expectTypeOf), and flagValues fills in what the command line left out.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type FlagValues, camelCase, defineFlags, fieldManagerFlag, flagValues, outputFlag } from '../../../src/cli/flags.js';
import { COMMANDS } from '../../../src/cli/registry.js';
import { GLOBAL_FLAGS, commandOptions, effectiveFlags } from '../../../src/cli/spec.js';
import type { GetFlags } from '../../../src/commands/get/flags.js';
import { TOKEN_FLAGS } from '../../../src/commands/token/flags.js';

const SAMPLE = defineFlags([
  { name: 'all-namespaces', short: 'A', type: 'boolean', desc: '' },
  { name: 'namespaced', type: 'boolean', tristate: true, desc: '' },
  { name: 'chunk-size', type: 'number', desc: '', default: 500 },
  { name: 'tail', type: 'number', desc: '' },
  { name: 'output', short: 'o', type: 'string', desc: '', choices: ['json', 'yaml'] },
  { name: 'label-columns', type: 'array', desc: '' },
] as const);

describe('FlagValues', () => {
  it('derives camel-cased, typed options from a declaration', () => {
    expectTypeOf<FlagValues<typeof SAMPLE>>().toEqualTypeOf<{
      allNamespaces: boolean;
      namespaced: boolean | undefined;
      chunkSize: number;
      tail: number | undefined;
      output: 'json' | 'yaml' | undefined;
      labelColumns: string[] | undefined;
    }>();
  });

  it('gives a command its own flags and the global ones it does not redeclare', () => {
    expectTypeOf<GetFlags['allNamespaces']>().toEqualTypeOf<boolean>();
    expectTypeOf<GetFlags['namespace']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<GetFlags['showCurl']>().toEqualTypeOf<'readable' | 'script' | 'line' | undefined>();
    expectTypeOf<ReturnType<typeof commandOptions<typeof TOKEN_FLAGS>>['output']>().toEqualTypeOf<'token' | 'client-certificate' | 'client-key'>();
  });
});

describe('shared flag declarations', () => {
  const SHARED = defineFlags([outputFlag(), fieldManagerFlag('kubectl-edit')] as const);

  it('types -o as an unchecked, optional string and --field-manager as always set', () => {
    expectTypeOf<FlagValues<typeof SHARED>>().toEqualTypeOf<{ output: string | undefined; fieldManager: string }>();
  });

  it('declares -o/--output with the printer suggestions and --field-manager with the kubectl command default', () => {
    expect(SHARED[0]).toEqual({ name: 'output', short: 'o', type: 'string', suggest: ['json', 'yaml', 'name'], desc: 'Output format: name, json or yaml' });
    expect(flagValues(SHARED)).toEqual({ output: undefined, fieldManager: 'kubectl-edit' });
    expect(flagValues(SHARED, { output: 'jsonpath={.metadata.name}' }).output).toBe('jsonpath={.metadata.name}');
  });
});

describe('flagValues', () => {
  it('fills defaults and two-state booleans, and leaves the rest unset', () => {
    expect(flagValues(SAMPLE, { tail: 3 })).toEqual({
      allNamespaces: false,
      namespaced: undefined,
      chunkSize: 500,
      tail: 3,
      output: undefined,
      labelColumns: undefined,
    });
  });

  it('lets a command flag replace the global one of the same name', () => {
    const output = effectiveFlags(TOKEN_FLAGS).filter((f) => f.name === 'output');
    expect(output).toEqual([TOKEN_FLAGS[0]]);
    expect(commandOptions(TOKEN_FLAGS).output).toBe('token');
  });

  it.each([
    ['all-namespaces', 'allNamespaces'],
    ['v', 'v'],
    ['insecure-skip-tls-verify-backend', 'insecureSkipTlsVerifyBackend'],
  ])('camelCase(%s)', (name, camel) => {
    expect(camelCase(name)).toBe(camel);
  });
});

describe('the registry', () => {
  const all = COMMANDS.flatMap((c) => [c, ...(c.sub ?? [])]);

  it('has one entry per command name, and sub-command names unique under their parent', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) expect(new Set((c.sub ?? []).map((s) => s.name)).size).toBe((c.sub ?? []).length);
  });

  it.each(all.map((c) => [c.name, c] as const))('%s: no short flag used twice among its flags and the global ones', (_name, c) => {
    const shorts = effectiveFlags(c.flags).flatMap((f) => (f.short ? [f.short] : []));
    expect(shorts.length).toBe(new Set(shorts).size);
  });

  it('keeps global flags global: no command redeclares a connection flag (but where kubectl does)', () => {
    const connection = ['kubeconfig', 'context', 'cluster', 'user', 'namespace', 'server', 'token'];
    // kubectl create rolebinding|clusterrolebinding --user names a subject; the local flag shadows the global one.
    const shadowing: Record<string, string[]> = { rolebinding: ['user'], clusterrolebinding: ['user'] };
    for (const c of all) expect(c.flags.map((f) => f.name).filter((n) => connection.includes(n))).toEqual(shadowing[c.name] ?? []);
    expect(GLOBAL_FLAGS.map((f) => f.name)).toEqual(expect.arrayContaining(connection));
  });
});
