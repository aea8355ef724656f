// kcurl cluster-info dump: kubectl's requests (pkg/cmd/clusterinfo/clusterinfo_dump.go) in its order: the nodes
// (with --all-namespaces the namespaces), then per namespace its events, replication controllers, services, daemon
// sets, deployments, replica sets and pods, and each pod's container logs (init containers first). Each list is
// printed as kubectl's JSON (or YAML) printer writes it, each log between kubectl's START and END markers; with
// --output-directory each goes to its own file (DIR/nodes.json, DIR/NS/pods.json, DIR/NS/POD/logs.txt).
import { dirname, join } from 'node:path';
import type { Session } from '../../cli/session.js';
import { ApiStatusError, usageError } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { printObjects } from '../../output/json-yaml.js';
import { ACCEPT, type RequestStep, pathSegment } from '../../plan/request-plan.js';
import { logStep } from '../logs/plan.js';
import { ReadThenPatch } from '../shared/read-then-patch.js';
import type { ClusterInfoDumpFlags } from './flags.js';

type Obj = Record<string, any>;

/** What kubectl dumps per namespace, in its order: the API path under the namespace and the file it goes to. */
const PER_NAMESPACE: { base: string; plural: string; file: string }[] = [
  { base: '/api/v1', plural: 'events', file: 'events' },
  { base: '/api/v1', plural: 'replicationcontrollers', file: 'replication-controllers' },
  { base: '/api/v1', plural: 'services', file: 'services' },
  { base: '/apis/apps/v1', plural: 'daemonsets', file: 'daemonsets' },
  { base: '/apis/apps/v1', plural: 'deployments', file: 'deployments' },
  { base: '/apis/apps/v1', plural: 'replicasets', file: 'replicasets' },
  { base: '/api/v1', plural: 'pods', file: 'pods' },
];

/** The typed clientset's LIST (no limit: kubectl reads each list whole). */
function listStep(path: string, what: string): RequestStep {
  return { method: 'GET', path, query: [], headers: [['Accept', ACCEPT.json]], stream: false, purpose: `list ${what}`, kind: 'list', role: 'call' };
}

/** The namespaces to dump, or undefined: --all-namespaces (listed from the server). */
export function dumpNamespaces(flags: Pick<ClusterInfoDumpFlags, 'allNamespaces' | 'namespaces'>, current: string): string[] | undefined {
  if (flags.allNamespaces) return undefined;
  // --namespaces is a StringSlice: comma-separated, repeatable.
  const given = (flags.namespaces ?? []).flatMap((n) => n.split(','));
  return given.length ? given : ['kube-system', current];
}

const OUTPUTS = ['json', 'yaml'];
const KUBECTL_OUTPUTS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

export async function runClusterInfoDump(session: Session, _positionals: string[], flags: ClusterInfoDumpFlags): Promise<number> {
  const output = flags.output;
  if (!OUTPUTS.includes(output)) {
    if (KUBECTL_OUTPUTS.split(',').includes(output.split('=')[0]))
      throw usageError(`cluster-info dump -o ${output} is not supported by kcurl`, 'use -o json (the default) or -o yaml');
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${KUBECTL_OUTPUTS}`);
  }
  const creds = await session.credentials();
  // The current namespace: -n, else the context's.
  const namespaces = dumpNamespaces(flags, creds.namespace.value);
  const dir = flags.outputDirectory && flags.outputDirectory !== '-' ? flags.outputDirectory : undefined;
  const ext = `.${output}`;
  const run = new ReadThenPatch(session, 'kubectl cluster-info dump');
  const nodes = listStep('/api/v1/nodes', 'the nodes');
  const namespaceList = listStep('/api/v1/namespaces', 'the namespaces (--all-namespaces)');
  const perNamespace = (ns: string) =>
    PER_NAMESPACE.map((r) => listStep(`${r.base}/namespaces/${pathSegment(ns)}/${r.plural}`, `${r.plural} in namespace ${ns}`));
  if (
    await run.showWhenOffline(namespaces ? [nodes, ...namespaces.flatMap(perNamespace)] : [nodes, namespaceList], [
      ...(namespaces ? [] : ['then, for each namespace listed: its events, replicationcontrollers, services, daemonsets, deployments, replicasets and pods']),
      "then one GET …/log?container=NAME per container of each pod listed (init containers first), between kubectl's START and END lines",
    ])
  )
    return 0;

  const io = session.io;
  // One printer for the whole dump: kubectl's YAML printer writes --- before every object but its first.
  let printed = 0;
  // With --output-directory: each file's text, written (with its directories) once the dump ends or fails.
  const files = new Map<string, string>();
  const write = (file: string, text: string) => {
    if (dir) files.set(file, (files.get(file) ?? '') + text);
    else io.stdout.write(text);
  };
  const list = async (step: RequestStep): Promise<Obj> => {
    const res = await run.send(step);
    if (res.status >= 300) throw new ApiStatusError(res.status, parseStatus(res));
    return JSON.parse(res.body) as Obj;
  };
  const print = async (obj: Obj, file: string) => {
    const text = printObjects(output as 'json' | 'yaml', obj, { keepOrder: true });
    write(file + ext, (output === 'yaml' && printed > 0 ? '---\n' : '') + text);
    printed++;
  };

  try {
    await dump();
  } finally {
    for (const [file, text] of files) {
      await io.mkdir(dirname(join(dir!, file)));
      await io.writeFile(join(dir!, file), text);
    }
  }
  if (dir) io.stdout.write(`Cluster info dumped to ${dir}\n`);
  return 0;

  async function dump(): Promise<void> {
    await print(await list(nodes), 'nodes');
    const all = namespaces ?? ((await list(namespaceList)).items ?? []).map((n: Obj) => String(n.metadata?.name ?? ''));
    for (const ns of all) {
      const steps = perNamespace(ns);
      let pods: Obj = {};
      for (const [i, r] of PER_NAMESPACE.entries()) {
        const answer = await list(steps[i]);
        await print(answer, join(ns, r.file));
        if (r.plural === 'pods') pods = answer;
      }
      for (const pod of (pods.items ?? []) as Obj[]) {
        const name = String(pod.metadata?.name ?? '');
        const file = join(ns, name, 'logs.txt');
        if (dir) write(file, '');
        for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as Obj[]) {
          const where = `container ${c.name} of pod ${ns}/${name}`;
          write(file, `==== START logs for ${where} ====\n`);
          const res = await run.send({ ...logStep(ns, name, String(c.name), LOG_DEFAULTS), stream: false });
          // A failed log request is written where the log would be (kubectl: "Request log error: …").
          write(file, res.status >= 300 ? `Request log error: ${new ApiStatusError(res.status, parseStatus(res)).message}\n` : res.body);
          write(file, `==== END logs for ${where} ====\n`);
        }
      }
    }
  }
}

const LOG_DEFAULTS = { follow: false, previous: false, timestamps: false, insecureSkipTLSVerifyBackend: false };
