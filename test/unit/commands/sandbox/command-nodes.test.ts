// `kcurl sandbox --nodes N`: checked before anything starts, and given to the sandbox.
import { describe, expect, it } from 'vitest';
import { testIo } from '../../../../src/io.js';
import { parseArgs } from '../../../../src/cli/parse.js';
import { runSandboxCommand } from '../../../../src/commands/sandbox/command.js';

describe('kcurl sandbox --nodes', () => {
  it('parses --nodes as a number, 1 by default', () => {
    expect(parseArgs(['sandbox', '--nodes', '3']).flags.nodes).toBe(3);
    expect(parseArgs(['sandbox']).flags.nodes).toBe(1);
  });

  it.each([0, -1, 1.5, 21])('rejects --nodes %d with a usage error before listening', async (nodes) => {
    const io = testIo({ homedir: '/nonexistent' });
    await expect(runSandboxCommand(io, { port: 0, address: '127.0.0.1', nodes })).rejects.toThrow(`--nodes must be a whole number from 1 to 20, got ${nodes}`);
    expect(io.out()).toBe('');
  });

  it('routes `sandbox exec` to its sub-command with -c and the command after --', () => {
    const parsed = parseArgs(['sandbox', 'exec', 'mypod', '-c', 'app', '--', 'kcurl', 'get', 'pods', '-A']);
    expect(parsed.sub?.name).toBe('exec');
    expect(parsed.positionals).toEqual(['exec', 'mypod']);
    expect(parsed.flags.container).toBe('app');
    expect(parsed.rest).toEqual(['kcurl', 'get', 'pods', '-A']);
  });
});
