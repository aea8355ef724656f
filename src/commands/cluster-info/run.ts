// kcurl cluster-info: kubectl cluster-info's one request (the kube-system services labelled
// kubernetes.io/cluster-service=true, unless -n names another namespace) and its text: the control plane's address,
// then one line per service (its load balancer's addresses, else its proxy URL on the API server).
import type { Session } from '../../cli/session.js';
import { ApiStatusError } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { ACCEPT, type RequestPlan, type RequestStep, pathSegment } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';

type Obj = Record<string, any>;

const SELECTOR = 'kubernetes.io/cluster-service=true';
const FOOTER = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

/** The list kubectl's resource builder sends (JSON or anything, no limit). */
export function clusterServicesStep(namespace: string): RequestStep {
  return {
    method: 'GET',
    path: `/api/v1/namespaces/${pathSegment(namespace)}/services`,
    query: [['labelSelector', SELECTOR]],
    headers: [['Accept', ACCEPT.jsonAny]],
    stream: false,
    purpose: `list the cluster services (${SELECTOR}) in namespace ${namespace}`,
    kind: 'list',
    role: 'call',
  };
}

/** utilnet.JoinSchemeNamePort: [scheme:]name[:port], the service part of a proxy URL. */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  return port ? `${name}:${port}` : name;
}

/** The address kubectl prints for one service. */
export function serviceLink(host: string, svc: Obj): string {
  const ingress = svc.status?.loadBalancer?.ingress?.[0];
  if (ingress) {
    const ip = ingress.ip || ingress.hostname || '';
    return ((svc.spec?.ports ?? []) as Obj[]).map((p) => `http://${ip}:${p.port} `).join('');
  }
  let name = String(svc.metadata?.name ?? '');
  const port = svc.spec?.ports?.[0];
  if (port) {
    // kubectl guesses https from the port's name or number.
    const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
    name = joinSchemeNamePort(scheme, name, port.name ?? '');
  }
  return `${host}/api/v1/namespaces/${svc.metadata?.namespace}/services/${name}/proxy`;
}

/**
 * The text kubectl cluster-info prints for the answer (pure). Plain on a terminal too: kubectl v1.32 no longer links
 * go-colortext (its binary holds no colour sequence for these lines, and a pty gets none), so neither colours.
 */
export function clusterInfoText(host: string, services: Obj[]): string {
  const line = (name: string, link: string) => `${name} is running at ${link}\n`;
  let out = line('Kubernetes control plane', host);
  for (const svc of services) out += line(svc.metadata?.labels?.['kubernetes.io/name'] || String(svc.metadata?.name ?? ''), serviceLink(host, svc));
  return out;
}

// kubectl cluster-info ignores arguments (cluster-info foo prints the same).
export async function runClusterInfo(session: Session, _positionals: string[], given: ReadonlySet<string>): Promise<number> {
  const creds = await session.credentials();
  // kubectl cluster-info reads kube-system unless -n says otherwise (the context's namespace does not count).
  const namespace = given.has('namespace') ? creds.namespace.value : 'kube-system';
  const plan: RequestPlan = await session.finalize({ command: 'kubectl cluster-info', steps: [clusterServicesStep(namespace)] });
  const run = await runPlan(session, plan);
  if (!run) return 0;
  const res = run[0].responses[0];
  const io = session.io;
  if (res.status >= 300) {
    io.stdout.write(FOOTER);
    throw new ApiStatusError(res.status, parseStatus(res));
  }
  const list = JSON.parse(res.body) as Obj;
  io.stdout.write(clusterInfoText(creds.server.value, (list.items ?? []) as Obj[]) + FOOTER);
  return 0;
}
