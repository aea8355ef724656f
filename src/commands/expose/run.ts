// kcurl expose TYPE NAME: kubectl expose reads the object (GET, as its resource builder does), derives the
// Service's selector, ports, protocols and labels from it, then POSTs the Service (fieldManager=kubectl-expose, JSON).
// --dry-run=client still reads the object and prints the Service without creating it.
import type { Session } from '../../cli/session.js';
import { KcurlError, usageError } from '../../errors.js';
import { ACCEPT, bodyStep, pathSegment } from '../../plan/request-plan.js';
import { withTypedLastApplied } from '../apply/client-side.js';
import { exitWithErrors, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import { printCreated } from '../create/generated.js';
import { KINDS, type Obj } from '../create/objects.js';
import { ReadThenPatch, type Target, fromFiles, readStep, resolveCommandTargets } from '../shared/read-then-patch.js';
import type { ExposeFlags } from './flags.js';
import { checkExposable, portsOf, selectorOf } from './introspect.js';
import { generateService } from './service.js';

// validation.DNS1035LabelMaxLength: a longer object name is cut for the service's.
const DNS1035_MAX = 63;

const NO_RESOURCES = [
  'error: You must provide one or more resources by argument or filename.',
  'Example resource specifications include:',
  "   '-f rsrc.yaml'",
  "   '--filename=rsrc.json'",
  "   '<resource> <name>'",
  "   '<resource>'",
].join('\n');

async function targetsOf(session: Session, positionals: string[], flags: ExposeFlags, namespace: string, explicit: string | undefined): Promise<Target[]> {
  try {
    // kubectl expose's builder has no Latest(): an object from a file is exposed as the file holds it, unread.
    return await resolveCommandTargets(session, 'expose', positionals, flags, namespace, explicit, false);
  } catch (e) {
    // kubectl prints the builder's error alone.
    if (e instanceof KcurlError && e.hint) throw new KcurlError(e.code, e.message);
    throw e;
  }
}

/** The Service kubectl expose builds for `o`, and the selector, ports and labels it took (pure). */
export function exposedService(t: Target, o: Obj, flags: ExposeFlags): { service: Obj; derived: Pick<ExposeFlags, 'selector' | 'port' | 'labels'> } {
  checkExposable(t.resource.group, t.resource.kind);
  let selector = flags.selector;
  if (!selector) {
    try {
      selector = selectorOf(t.resource.kind, o);
    } catch (e) {
      throw usageError(`couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`);
    }
  }
  const headless = flags.clusterIp === 'None';
  const found = portsOf(t.resource.kind, o);
  let ports = flags.port || undefined;
  if (!ports) {
    if (found.ports.length === 0 && !headless) throw usageError("couldn't find port via --port flag or introspection");
    if (found.ports.length) ports = found.ports.join(',');
  }
  const objectLabels = Object.entries(((o.metadata as Obj | undefined)?.labels ?? {}) as Record<string, string>);
  const labels = flags.labels || objectLabels.map(([k, v]) => `${k}=${v}`).join(',') || undefined;
  const service = generateService({
    name: flags.name || t.name.slice(0, DNS1035_MAX),
    selector,
    labels,
    ports,
    protocols: found.protocols,
    protocol: flags.protocol || undefined,
    targetPort: flags.targetPort || flags.containerPort || undefined,
    type: flags.type || undefined,
    externalIp: flags.externalIp,
    loadBalancerIp: flags.loadBalancerIp,
    sessionAffinity: flags.sessionAffinity,
    clusterIp: flags.clusterIp,
  });
  return { service, derived: { selector, port: ports, labels } };
}

export async function runExpose(session: Session, positionals: string[], flags: ExposeFlags, given: ReadonlySet<string>): Promise<number> {
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  if (positionals.length === 0 && !fromFiles(flags)) throw new KcurlError('KCURL_USAGE', NO_RESOURCES);
  const namespace = (await session.credentials()).namespace.value;
  const targets = await targetsOf(session, positionals, flags, namespace, given.has('namespace') ? namespace : undefined);
  const flow = new ReadThenPatch(session, 'kubectl expose');
  // kubectl's resource builder asks for JSON or anything.
  const gets = targets.map((t) => readStep(t, `read ${t.resource.kind} ${t.namespace ? `${t.namespace}/` : ''}${t.name} to expose it`, ACCEPT.jsonAny));
  const unread = gets.filter((_, i) => !targets[i].object);
  const later = 'kubectl expose then POSTs a Service built from the answer (its selector, ports and labels): run without --offline to see it';
  if (await flow.showWhenOffline(unread, [later])) return 0;
  const query = writeQuery({ fieldManager: flags.fieldManager, dryRun });
  // kubectl expose keeps what it read from the first object in its options: the objects after it get the same
  // selector, ports and labels (only the name is each object's own).
  let options = flags;
  const errors: unknown[] = [];
  let printed = 0;
  const print = (svc: Obj) => {
    if (output === 'yaml' && printed++ > 0) session.io.stdout.write('---\n');
    printCreated(session, output, dryRun, KINDS.service, svc, 'exposed');
  };
  for (const [i, t] of targets.entries()) {
    // cli-runtime's ContinueOnError: a failed object is reported at the end, the others are exposed.
    try {
      const got = await flow.objectOf(t, gets[i]);
      if (got instanceof Error) throw got;
      const { service: svc, derived } = exposedService(t, got, options);
      options = { ...options, ...derived };
      const name = String((svc.metadata as Obj).name);
      if (dryRun === 'client') {
        if (given.has('namespace')) svc.metadata = { name, namespace, ...(svc.metadata as Obj) };
        print(svc);
        continue;
      }
      const post = bodyStep(
        'POST',
        `/api/v1/namespaces/${pathSegment(namespace)}/services`,
        query,
        JSON.stringify(flags.saveConfig ? withTypedLastApplied(svc) : svc),
        'application/json',
        `create Service ${namespace}/${name} in front of ${t.resource.kind} ${t.name}`,
      );
      const created = await flow.write({
        ...post,
        headers: [
          ['Accept', ACCEPT.jsonAny],
          ['Content-Type', 'application/json'],
        ],
      });
      if (created instanceof Error) throw created;
      print(created);
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) return exitWithErrors(session, errors);
  return 0;
}
