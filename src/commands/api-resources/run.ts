// kcurl api-resources: fresh discovery as kubectl does it (the cache is invalidated first: GET /api and /apis
// asking for aggregated discovery, per group-version documents on older servers), printed like kubectl's
// apiresources.go.
import { KcurlError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { discoverCatalog, discoverySteps } from '../../kube/discovery.js';
import type { ApiResource } from '../../kube/resources.js';
import { compareCodePoints } from '../../output/go-format.js';
import { tabulate } from '../../output/tabwriter.js';
import type { RequestPlan, RequestStep } from '../../plan/request-plan.js';
import { showWhenOffline } from '../../plan/run-plan.js';
import type { ApiResourcesFlags } from './flags.js';

export interface ApiResourcesOptions {
  output: '' | 'wide' | 'name';
  noHeaders: boolean;
  /** --api-group when given ('' selects the core group). */
  apiGroup?: string;
  /** --namespaced when given. */
  namespaced?: boolean;
  verbs: string[];
  categories: string[];
  sortBy: '' | 'name' | 'kind';
  cached: boolean;
}

export function apiResourcesOptions(positionals: string[], flags: ApiResourcesFlags): ApiResourcesOptions {
  const fail = (m: string) => new KcurlError('KCURL_USAGE', m);
  const output = flags.output ?? '';
  // apiresources.go Validate.
  if (output !== '' && output !== 'wide' && output !== 'name') throw fail(`--output ${output} is not available`);
  const sortBy = flags.sortBy ?? '';
  if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') throw fail('--sort-by accepts only name or kind');
  if (positionals.length > 0) throw fail(`unexpected arguments: [${positionals.join(' ')}]`);
  return {
    output,
    noHeaders: flags.noHeaders,
    apiGroup: flags.apiGroup,
    namespaced: flags.namespaced,
    verbs: flags.verbs ?? [],
    categories: flags.categories ?? [],
    sortBy,
    cached: flags.cached,
  };
}

const groupVersion = (r: ApiResource) => (r.group ? `${r.group}/${r.version}` : r.version);

/**
 * discovery.ServerPreferredResources then kubectl's filters and sort: each group's resources once, from the
 * preferred version when it has them; sorted by group (or --sort-by name|kind), ties by name, stable.
 */
export function selectApiResources(allVersions: readonly ApiResource[], o: ApiResourcesOptions): ApiResource[] {
  const seen = new Set<string>();
  const preferred: ApiResource[] = [];
  for (const r of allVersions) {
    const key = `${r.group}/${r.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    preferred.push(r);
  }
  const kept = preferred.filter(
    (r) =>
      r.verbs.length > 0 &&
      (o.apiGroup === undefined || o.apiGroup === r.group) &&
      (o.namespaced === undefined || o.namespaced === r.namespaced) &&
      o.verbs.every((v) => r.verbs.includes(v)) &&
      o.categories.every((c) => r.categories.includes(c)),
  );
  const key = (r: ApiResource) => (o.sortBy === 'name' ? r.resource : o.sortBy === 'kind' ? r.kind : r.group);
  return kept
    .map((r, i) => [r, i] as const)
    .sort(([a, i], [b, j]) => compareCodePoints(key(a), key(b)) || compareCodePoints(a.resource, b.resource) || i - j)
    .map(([r]) => r);
}

export function printApiResources(resources: readonly ApiResource[], o: ApiResourcesOptions): string {
  if (o.output === 'name') return resources.map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource) + '\n').join('');
  const lines: string[] = [];
  if (!o.noHeaders) lines.push(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(o.output === 'wide' ? ['VERBS', 'CATEGORIES'] : [])].join('\t'));
  for (const r of resources) {
    const cells = [r.resource, r.shortNames.join(','), groupVersion(r), String(r.namespaced), r.kind];
    if (o.output === 'wide') cells.push(r.verbs.join(','), r.categories.join(','));
    lines.push(cells.join('\t'));
  }
  return tabulate(lines.map((l) => l + '\n').join(''));
}

/** Discovery is what these commands are about: the snippet shows those requests as curl commands. */
/** Discovery steps shown as the command's own calls (this command is about them, not looking something up). */
function fetcher(session: Session) {
  return (step: RequestStep) => session.send(step).then((r) => ({ status: r.status, contentType: String(r.headers['content-type'] ?? ''), body: r.body }));
}

export async function runApiResources(session: Session, positionals: string[], flags: ApiResourcesFlags): Promise<number> {
  const o = apiResourcesOptions(positionals, flags);
  const creds = await session.credentials();
  const known: RequestPlan = {
    command: 'kubectl api-resources',
    steps: discoverySteps({ requestTimeout: creds.requestTimeout }),
    discoveryIsTheCall: true,
    notes: ['on servers without aggregated discovery kubectl then GETs every group-version listed (/api/v1, /apis/GROUP/VERSION)'],
  };
  if (await showWhenOffline(session, known)) return 0;
  const d = await discoverCatalog(session.io, creds.server.value, fetcher(session), {
    cacheDir: session.options.cacheDir,
    requestTimeout: creds.requestTimeout,
    now: session.io.now(),
    refresh: !o.cached,
  });
  await session.show({ command: 'kubectl api-resources', steps: d.stepsSent, discoveryIsTheCall: true });
  for (const w of d.warnings) session.io.stderr.write(`Warning: ${w}\n`);
  const text = printApiResources(selectApiResources(d.catalog.allVersions ?? d.catalog.resources, o), o);
  session.io.stdout.write(text);
  return 0;
}
