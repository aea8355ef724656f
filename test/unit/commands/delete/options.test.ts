// kubectl delete's flag rules and the DeleteOptions body it sends, byte for byte.
import { describe, expect, it } from 'vitest';
import { deleteBody, deleteOptionsFromFlags } from '../../../../src/commands/delete/run.js';
import { formatError } from '../../../../src/errors.js';
import { commandOptions } from '../../../../src/cli/spec.js';
import { DELETE_FLAGS, type DeleteFlags } from '../../../../src/commands/delete/flags.js';

const opts = (flags: Partial<DeleteFlags>, args = ['cm', 'x'], given: string[] = []) =>
  deleteOptionsFromFlags(args, commandOptions(DELETE_FLAGS, flags), new Set(given));

describe('DeleteOptions body', () => {
  it.each([
    [{}, '{"propagationPolicy":"Background"}\n'], // the reference capture delete.jsonl
    [{ gracePeriod: 3 }, '{"gracePeriodSeconds":3,"propagationPolicy":"Background"}\n'],
    [{ now: true }, '{"gracePeriodSeconds":1,"propagationPolicy":"Background"}\n'],
    [{ gracePeriod: 0 }, '{"gracePeriodSeconds":1,"propagationPolicy":"Background"}\n'], // 0 without --force becomes 1
    [{ force: true }, '{"gracePeriodSeconds":0,"propagationPolicy":"Background"}\n'],
    [{ cascade: 'foreground' }, '{"propagationPolicy":"Foreground"}\n'],
    [{ cascade: 'orphan' }, '{"propagationPolicy":"Orphan"}\n'],
    [{ cascade: 'false' }, '{"propagationPolicy":"Orphan"}\n'],
    [{ dryRun: 'server' }, '{"propagationPolicy":"Background","dryRun":["All"]}\n'],
  ])('%j → %s', (flags, body) => {
    expect(deleteBody(opts(flags))).toBe(body);
  });
});

describe('flag rules', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return formatError(e);
    }
    return 'no error';
  };

  it('selectors and --all ignore NotFound unless --ignore-not-found says otherwise', () => {
    expect(opts({ selector: 'app=x' }, ['cm']).ignoreNotFound).toBe(true);
    expect(opts({ selector: 'app=x', ignoreNotFound: false }, ['cm'], ['ignore-not-found']).ignoreNotFound).toBe(false);
    expect(opts({}).ignoreNotFound).toBe(false);
  });

  it.each([
    [{ now: true, gracePeriod: 2 }, ['cm', 'x'], 'error: --now and --grace-period cannot be specified together'],
    [{ cascade: 'sideways' }, ['cm', 'x'], 'error: invalid cascade value (sideways). Must be "background", "foreground", or "orphan"'],
    [{ filename: ['a.yaml'] }, ['cm', 'x'], 'error: when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well'],
    [{ dryRun: 'perhaps' }, ['cm', 'x'], 'error: Invalid dry-run value (perhaps). Must be "none", "server", or "client".'],
  ])('%j %j', (flags, args, text) => {
    expect(message(() => opts(flags, args))).toBe(text);
  });
});
