// Sub-commands (`create token`, `auth can-i`): found after global and parent flags, with their own flags.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/parse.js';

describe('sub-commands', () => {
  it('finds create token and reads its flags', () => {
    const p = parseArgs(['create', 'token', 'builder', '--duration', '1h', '--audience', 'a', '--audience=b', '-n', 'team']);
    expect(p.command?.name).toBe('create');
    expect(p.sub?.name).toBe('token');
    expect(p.positionals).toEqual(['token', 'builder']);
    expect(p.flags).toMatchObject({ duration: '1h', audience: ['a', 'b'], namespace: 'team' });
  });

  it('skips global flags and their values before the sub-command word', () => {
    const p = parseArgs(['--context', 'token', 'create', '-n', 'token', 'token', 'x']);
    expect(p.sub?.name).toBe('token');
    expect(p.flags.context).toBe('token');
    expect(p.positionals).toEqual(['token', 'x']);
  });

  it("skips the parent's own flag values: create -f token reads a file named token", () => {
    const p = parseArgs(['create', '-f', 'token']);
    expect(p.sub).toBeUndefined();
    expect(p.flags.filename).toEqual(['token']);
  });

  it('gives auth can-i its own -q (print nothing) and -A', () => {
    const p = parseArgs(['auth', 'can-i', 'get', 'pods', '-qA']);
    expect(p.sub?.name).toBe('can-i');
    expect(p.flags).toMatchObject({ quiet: true, allNamespaces: true });
  });

  it("names the sub-command's help in an unknown-flag error", () => {
    expect(() => parseArgs(['create', 'token', 'x', '--filename', 'y'])).toThrow(
      expect.objectContaining({ message: 'unknown flag: --filename', hint: "see 'kcurl create token --help' for usage" }),
    );
  });
});
