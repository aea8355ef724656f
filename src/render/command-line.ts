// Command lines as kcurl stores or prints them (the snippet's first comment, recordings, record and replay
// reports): the values of flags that carry a credential or a Secret value are replaced, so a command line
// typed with `--token X` never lands in a file or a terminal scroll-back. Impersonation (--as…) stays: it
// names who is acted as, not a secret.
import { shellJoin } from './shell-quote.js';

/** The marker that replaces a redacted flag value. */
export const REDACTED_VALUE = '<redacted>';

/** Flags whose whole value is a credential (kubectl's global flags, kubectl config set-credentials). */
const SECRET_VALUE_FLAGS = new Set(['--token', '--password', '--client-key-data', '--docker-password', '--bootstrap-token']);

/**
 * Flags whose value is KEY=VALUE with a secret VALUE: kubectl create secret generic --from-literal=key=value,
 * kubectl config set-credentials --auth-provider-arg=client-secret=…, --exec-env=NAME=VALUE.
 */
const SECRET_PAIR_FLAGS = new Set(['--from-literal', '--auth-provider-arg', '--exec-env']);

function redactPair(value: string): string {
  const eq = value.indexOf('=');
  return eq < 0 ? REDACTED_VALUE : `${value.slice(0, eq)}=${REDACTED_VALUE}`;
}

/**
 * The argv with credential values replaced: `--token=X` and `--token X` both become `--token=<redacted>` /
 * `--token <redacted>`, `--from-literal=k=v` keeps the key. Words after `--` belong to another program
 * (kcurl record -- kubectl …) and are read the same way, since that program is usually kubectl.
 */
export function redactArgv(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    const eq = word.indexOf('=');
    const name = word.startsWith('--') ? (eq < 0 ? word : word.slice(0, eq)) : '';
    // kubectl (pflag's normalizer) reads --from_literal as --from-literal.
    const flag = name.replace(/_/g, '-');
    if (SECRET_VALUE_FLAGS.has(flag) || SECRET_PAIR_FLAGS.has(flag)) {
      const redact = SECRET_VALUE_FLAGS.has(flag) ? () => REDACTED_VALUE : redactPair;
      if (eq >= 0) out.push(`${name}=${redact(word.slice(eq + 1))}`);
      else {
        out.push(word);
        if (i + 1 < argv.length) out.push(redact(argv[++i]));
      }
      continue;
    }
    out.push(word);
  }
  return out;
}

/** A command line as one shell-quoted string, credential values redacted. */
export function commandLineText(argv: readonly string[]): string {
  return shellJoin(redactArgv(argv));
}
