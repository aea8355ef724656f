// `kcurl __complete WORD…`: what the shell scripts of `kcurl completion` call on each Tab. Reads the words typed
// after `kcurl` (the last one is the word being completed, possibly empty) against the registry and prints the
// candidates, one per line, then a cobra-style directive line `:N` (kubectl's completion speaks the same protocol).
import type { Io } from '../../io.js';
import { lookup } from '../../cli/parse.js';
import { COMMANDS, findCommand, findSubCommand } from '../../cli/registry.js';
import { type CommandSpec, type FlagSpec, effectiveFlags } from '../../cli/spec.js';
import { camelCase } from '../../cli/flags.js';
import type { ConnectionFlags } from '../../kube/credentials-types.js';

/** cobra ShellCompDirective bits, as the scripts test them. */
export const DIRECTIVE = { default: 0, error: 1, noSpace: 2, noFileComp: 4 } as const;

export interface Completion {
  candidates: string[];
  directive: number;
}

/** Where candidates that depend on the kubeconfig or the cluster come from (injected so the word logic is testable alone). */
export interface CompletionSources {
  resourceTypes(connection: ConnectionFlags, cacheDir: string | undefined): Promise<string[]>;
  /** Names of the kubeconfig's contexts, clusters or users. */
  kubeconfigNames(kind: KubeconfigList, connection: ConnectionFlags): Promise<string[]>;
  /** The cluster's namespaces (one GET with a short timeout; none when it fails). */
  namespaces(connection: ConnectionFlags): Promise<string[]>;
}

export type KubeconfigList = 'contexts' | 'clusters' | 'users';

/** Flags whose values name something in the kubeconfig or the cluster. */
const NAMED_BY: Record<string, KubeconfigList | 'namespaces'> = { context: 'contexts', cluster: 'clusters', user: 'users', namespace: 'namespaces' };

interface WordState {
  command?: CommandSpec;
  sub?: CommandSpec;
  positionals: string[];
  /** A flag whose value is the word being completed (`-n <Tab>`). */
  pending?: FlagSpec;
  afterDashDash: boolean;
  /** Values of flags already typed, by camel-cased name (for --kubeconfig, --context, …). */
  values: Record<string, string>;
}

/** A flag token that leaves its value to the next word (`-n`, `--output`, not `-nfoo`, `--output=json`, `-A`). */
function takesNextWord(flag: FlagSpec, token: string): boolean {
  const inline = token.startsWith('--') ? token.includes('=') : token.length > 2;
  return flag.type !== 'boolean' && flag.noOptDefault === undefined && !inline;
}

function inForce(s: WordState): FlagSpec[] {
  return effectiveFlags((s.sub ?? s.command)?.flags ?? []);
}

/** Reads the words before the one being completed as the parser would (src/cli/parse.ts). */
function readWords(words: readonly string[]): WordState {
  const s: WordState = { positionals: [], afterDashDash: false, values: {} };
  for (const w of words) {
    if (s.afterDashDash) continue;
    if (s.pending) {
      s.values[camelCase(s.pending.name)] = w;
      s.pending = undefined;
      continue;
    }
    if (w === '--') {
      s.afterDashDash = true;
      continue;
    }
    if (w.startsWith('-') && w !== '-') {
      const flag = lookup(inForce(s), w);
      if (!flag) continue;
      if (takesNextWord(flag, w)) s.pending = flag;
      else if (flag.type === 'boolean' && !w.includes('=')) s.values[camelCase(flag.name)] = 'true';
      else if (w.startsWith('--') && w.includes('=')) s.values[camelCase(flag.name)] = w.slice(w.indexOf('=') + 1);
      else if (!w.startsWith('--') && w.length > 2 && flag.type !== 'boolean') s.values[camelCase(flag.name)] = w.slice(2).replace(/^=/, '');
      continue;
    }
    if (!s.command) {
      s.command = findCommand(w);
      if (!s.command) s.positionals.push(w);
      continue;
    }
    if (!s.sub && s.positionals.length === 0) s.sub = findSubCommand(s.command, w);
    s.positionals.push(w);
  }
  return s;
}

const withPrefix = (cur: string, values: readonly string[]) => values.filter((v) => v.startsWith(cur));

async function flagValues(flag: FlagSpec, cur: string, prefix: string, s: WordState, sources: CompletionSources): Promise<Completion> {
  const named = NAMED_BY[flag.name];
  if (named) {
    const connection = connectionOf(s.values);
    const names = named === 'namespaces' ? await sources.namespaces(connection) : await sources.kubeconfigNames(named, connection);
    return { candidates: withPrefix(cur, names).map((v) => prefix + v), directive: DIRECTIVE.noFileComp };
  }
  const offered = flag.choices ?? flag.suggest;
  if (!offered) return { candidates: [], directive: DIRECTIVE.default };
  const candidates = withPrefix(cur, offered).map((v) => prefix + v);
  const open = candidates.some((c) => c.endsWith('='));
  return { candidates, directive: DIRECTIVE.noFileComp | (open ? DIRECTIVE.noSpace : 0) };
}

function connectionOf(values: Record<string, string>): ConnectionFlags {
  const { kubeconfig, context, cluster, user, server, token, as } = values;
  return {
    kubeconfig,
    context,
    cluster,
    user,
    server,
    token,
    as,
    certificateAuthority: values.certificateAuthority,
    insecureSkipTlsVerify: values.insecureSkipTlsVerify === 'true' || undefined,
  };
}

/** The completion of the last word of `words` (the words after `kcurl`). */
export async function complete(words: readonly string[], sources: CompletionSources): Promise<Completion> {
  const cur = words.length ? words[words.length - 1] : '';
  const s = readWords(words.slice(0, -1));
  if (s.afterDashDash) return { candidates: [], directive: DIRECTIVE.default };
  if (s.pending) return flagValues(s.pending, cur, '', s, sources);
  if (s.command === undefined && s.positionals.length > 0) return { candidates: [], directive: DIRECTIVE.error };
  if (cur.startsWith('-')) {
    const flags = inForce(s).filter((f) => !f.hidden);
    const eq = cur.indexOf('=');
    if (cur.startsWith('--') && eq >= 0) {
      const flag = lookup(flags, cur);
      return flag ? flagValues(flag, cur.slice(eq + 1), cur.slice(0, eq + 1), s, sources) : { candidates: [], directive: DIRECTIVE.noFileComp };
    }
    const names = flags.flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
    return { candidates: withPrefix(cur, names).sort(), directive: DIRECTIVE.noFileComp };
  }
  if (!s.command) {
    return {
      candidates: withPrefix(
        cur,
        COMMANDS.map((c) => c.name),
      ).sort(),
      directive: DIRECTIVE.noFileComp,
    };
  }
  if (!s.sub && s.positionals.length === 0 && s.command.sub?.length) {
    const subs = s.command.sub.map((c) => c.name);
    // `create -f` takes no positional, and `auth`/`sandbox exec` start with their sub-command word.
    return { candidates: withPrefix(cur, subs), directive: DIRECTIVE.noFileComp };
  }
  const spec = s.sub ?? s.command;
  if (!spec.args) return { candidates: [], directive: DIRECTIVE.default };
  const index = s.positionals.length - (s.sub ? 1 : 0);
  const kind = spec.args[Math.min(index, spec.args.length - 1)];
  if (kind === 'resource-type' && index < spec.args.length && !cur.includes('/')) {
    const types = await sources.resourceTypes(connectionOf(s.values), s.values.cacheDir);
    return { candidates: withPrefix(cur, types), directive: DIRECTIVE.noFileComp };
  }
  if (kind === 'verb') {
    const { RESOURCE_VERBS } = await import('../auth/can-i.js');
    return {
      candidates: withPrefix(
        cur,
        [...RESOURCE_VERBS].filter((v) => v !== '*'),
      ),
      directive: DIRECTIVE.noFileComp,
    };
  }
  return { candidates: [], directive: DIRECTIVE.noFileComp };
}

/**
 * Resource types as `kubectl api-resources -o name` names them (`pods`, `deployments.apps`): from kubectl's
 * discovery disk cache for the current cluster when it is warm, else kcurl's built-in table. Never sends a request.
 */
export async function cachedResourceTypes(io: Io, connection: ConnectionFlags, cacheDir: string | undefined): Promise<string[]> {
  const { builtinCatalog } = await import('../../kube/resources.js');
  let catalog = builtinCatalog();
  try {
    const { resolveCredentials } = await import('../../kube/credentials.js');
    const { discoverCatalog } = await import('../../kube/discovery.js');
    const creds = await resolveCredentials(io, connection);
    const offline = () => Promise.reject(new Error('completion sends no requests'));
    catalog = (await discoverCatalog(io, creds.server.value, offline, { cacheDir })).catalog;
  } catch {
    // No kubeconfig, or a cold or partial cache: the built-in table.
  }
  const names = catalog.resources.filter((r) => r.verbs.includes('get')).map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));
  return [...new Set(names)].sort();
}

export async function kubeconfigNames(io: Io, kind: KubeconfigList, connection: ConnectionFlags): Promise<string[]> {
  try {
    const { loadKubeconfig } = await import('../../kube/kubeconfig.js');
    return [...(await loadKubeconfig(io, connection))[kind].keys()].sort();
  } catch {
    return [];
  }
}

/** kubectl's completion lists namespaces from the server too; a short timeout keeps a slow cluster from hanging Tab. */
export async function clusterNamespaces(io: Io, connection: ConnectionFlags): Promise<string[]> {
  const { Session } = await import('../../cli/session.js');
  const { ACCEPT } = await import('../../plan/request-plan.js');
  const session = new Session(
    io,
    { connection: { ...connection, requestTimeout: '2s' }, verbosity: 0, offline: false, reveal: false, quiet: true, debug: false },
    'kcurl __complete',
  );
  try {
    const res = await session.send({
      method: 'GET',
      path: '/api/v1/namespaces',
      query: [],
      headers: [['Accept', ACCEPT.json]],
      stream: false,
      purpose: 'namespace names for completion',
      kind: 'list',
      role: 'call',
    });
    if (res.status !== 200) return [];
    const list = JSON.parse(res.body) as { items?: { metadata?: { name?: string } }[] };
    return (list.items ?? []).flatMap((i) => (i.metadata?.name ? [i.metadata.name] : [])).sort();
  } catch {
    return [];
  } finally {
    await session.close();
  }
}

export async function runComplete(words: readonly string[], io: Io): Promise<number> {
  const { candidates, directive } = await complete(words, {
    resourceTypes: (c, dir) => cachedResourceTypes(io, c, dir),
    kubeconfigNames: (kind, c) => kubeconfigNames(io, kind, c),
    namespaces: (c) => clusterNamespaces(io, c),
  });
  io.stdout.write([...candidates, `:${directive}`].join('\n') + '\n');
  return 0;
}
