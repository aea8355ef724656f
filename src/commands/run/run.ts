// kcurl run NAME --image=…: kubectl run's Pod (run-pod/v1), POSTed with fieldManager=kubectl-run (JSON, through
// kubectl's resource helper), and with --expose the ClusterIP Service in front of it, sent only once the Pod was
// created. kubectl prints the Service before the Pod. --dry-run=client prints both without a request. With -i or
// --attach it then attaches to the Pod (./attach.ts).
import type { Session } from '../../cli/session.js';
import { ApiStatusError, kubectlUsageError, usageError } from '../../errors.js';
import { parseStatus } from '../../http/status.js';
import { ACCEPT, type RequestPlan, type RequestStep, bodyStep, pathSegment } from '../../plan/request-plan.js';
import { runPlan } from '../../plan/run-plan.js';
import { withTypedLastApplied } from '../apply/client-side.js';
import { type DryRun, parseDryRun, warnBareDryRun, writeQuery } from '../apply/objects.js';
import { printCreated } from '../create/generated.js';
import { KINDS, type Obj } from '../create/objects.js';
import { generateService } from '../expose/service.js';
import { parseGoDuration } from '../../kube/duration.js';
import { refuseOtherLanguages } from '../exec/run.js';
import { runAttached } from './attach.js';
import { applyOverrides } from './overrides.js';
import type { RunFlags } from './flags.js';
import { isImageReference, runPod } from './objects.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** kubectl run's Validate, in its order (cobra's required --image first). */
function validate(positionals: string[], flags: RunFlags, dryRun: DryRun): void {
  if (positionals.length === 0) throw kubectlUsageError('run', 'NAME is required for run');
  const image = flags.image ?? '';
  if (!isImageReference(image)) throw usageError(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  if (flags.tty && !flags.stdin) throw kubectlUsageError('run', '-i/--stdin is required for containers with -t/--tty=true');
  if (flags.expose && !flags.port) throw kubectlUsageError('run', '--port must be set when exposing a service');
  if (flags.restart && !RESTART_POLICIES.includes(flags.restart)) throw kubectlUsageError('run', `invalid restart policy: ${flags.restart}`);
  const attach = flags.attach || flags.stdin;
  if (!attach && flags.rm) throw kubectlUsageError('run', '--rm should only be used for attached containers');
  if (attach && dryRun !== 'none')
    throw kubectlUsageError('run', "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  if (flags.imagePullPolicy && !PULL_POLICIES.includes(flags.imagePullPolicy))
    throw kubectlUsageError('run', `invalid image pull policy: ${flags.imagePullPolicy}`);
}

export async function runRun(session: Session, positionals: string[], rest: string[], flags: RunFlags, given: ReadonlySet<string>): Promise<number> {
  if (!flags.image) throw usageError('required flag(s) "image" not set');
  const dryRun = parseDryRun(flags.dryRun);
  warnBareDryRun(session, flags);
  const output = flags.output ?? '';
  if (!['', 'name', 'json', 'yaml'].includes(output))
    throw usageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,name,yaml`);
  validate(positionals, flags, dryRun);
  const name = positionals[0];
  const creds = await session.credentials();
  const namespace = creds.namespace.value;
  // kubectl puts the namespace into the printed objects of a client dry run only when it was given (-n).
  const shownNamespace = dryRun === 'client' && given.has('namespace') ? namespace : undefined;
  const generated = runPod(
    {
      name,
      image: flags.image,
      imagePullPolicy: flags.imagePullPolicy,
      labels: flags.labels,
      annotations: flags.annotations ?? [],
      env: flags.env ?? [],
      port: flags.port,
      restart: flags.restart,
      command: flags.command,
      args: [...positionals.slice(1), ...rest],
      privileged: flags.privileged,
      stdin: flags.stdin,
      tty: flags.tty,
      leaveStdinOpen: flags.leaveStdinOpen,
    },
    shownNamespace,
  );
  // The Pod only: the --expose Service is generated without them.
  const pod = applyOverrides(generated, flags.overrides ?? '', flags.overrideType);
  // run --expose: the selector is --labels, else run=NAME; the service takes the pod's labels too.
  const service = () => {
    const svc = generateService({ name, selector: flags.labels || `run=${name}`, labels: flags.labels, ports: flags.port });
    if (shownNamespace) svc.metadata = { name, namespace: shownNamespace, ...(svc.metadata as Obj) };
    return svc;
  };
  const yamlSeparator = () => {
    // kubectl run prints "---" after the Service, and its YAML printer one more before the second object.
    if (output === 'yaml') session.io.stdout.write('---\n---\n');
  };

  if (dryRun === 'client') {
    if (flags.expose) {
      printCreated(session, output, dryRun, KINDS.service, service());
      yamlSeparator();
    }
    printCreated(session, output, dryRun, KINDS.pod, pod);
    return 0;
  }

  const query = writeQuery({ fieldManager: flags.fieldManager, dryRun });
  const body = (o: Obj) => JSON.stringify(flags.saveConfig ? withTypedLastApplied(o) : o);
  const base = `/api/v1/namespaces/${pathSegment(namespace)}`;
  const post = (plural: string, o: Obj, purpose: string): RequestStep => ({
    ...bodyStep('POST', `${base}/${plural}`, query, body(o), 'application/json', purpose),
    // kubectl's resource helper asks for JSON or anything.
    headers: [
      ['Accept', ACCEPT.jsonAny],
      ['Content-Type', 'application/json'],
    ],
  });
  const steps: RequestStep[] = [post('pods', pod, `create Pod ${namespace}/${name}`)];
  let svc: Obj | undefined;
  if (flags.expose) {
    svc = service();
    steps.push({ ...post('services', svc, `create Service ${namespace}/${name} in front of the pod`), onlyAfter: { step: 0, status: 201 } });
  }
  if (flags.attach || flags.stdin) {
    refuseOtherLanguages(session, 'run -i/--attach');
    return runAttached(session, {
      namespace,
      name,
      posts: steps.map(({ onlyAfter: _, ...step }) => step),
      stdin: flags.stdin,
      tty: flags.tty,
      // kubectl run -q (no prompts) is kcurl's global -q (no REST-call lines either).
      quiet: session.options.quiet,
      rm: flags.rm,
      leaveStdinOpen: flags.leaveStdinOpen,
      restart: flags.restart || 'Always',
      podRunningTimeoutMs: Number(parseGoDuration(flags.podRunningTimeout, '--pod-running-timeout') / 1_000_000n),
      printService: (o) => {
        printCreated(session, output, dryRun, KINDS.service, o);
        yamlSeparator();
      },
    });
  }
  const plan: RequestPlan = await session.finalize({ command: 'kubectl run', steps });
  const run = await runPlan(session, plan);
  if (!run) return 0;
  const podRes = run[0].responses[0];
  if (podRes.status >= 300) throw new ApiStatusError(podRes.status, parseStatus(podRes));
  let serviceError: ApiStatusError | undefined;
  if (svc) {
    const svcRes = run[1]?.responses[0];
    if (svcRes && svcRes.status < 300) {
      printCreated(session, output, dryRun, KINDS.service, JSON.parse(svcRes.body) as Obj);
      yamlSeparator();
    } else if (svcRes) serviceError = new ApiStatusError(svcRes.status, parseStatus(svcRes));
  }
  printCreated(session, output, dryRun, KINDS.pod, JSON.parse(podRes.body) as Obj);
  if (serviceError) throw serviceError;
  return 0;
}
