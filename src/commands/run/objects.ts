// The Pod `kubectl run` builds (pkg/generate/versioned/run.go BasicPod, the run-pod/v1 generator), field for field
// in Go's struct order, and the checks kubectl makes on the way. Pure.
import { usageError } from '../../errors.js';
import { type Obj, objectMeta } from '../create/objects.js';
import { atoi, parseLabels, sortedMap } from '../expose/service.js';

// github.com/distribution/reference ReferenceRegexp (anchored): [domain[:port]/]path[:tag][@digest].
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const NAME = `(?:${HOST}(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);

export function isImageReference(image: string): boolean {
  return REFERENCE.test(image);
}

// validation.IsEnvVarName
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export interface PodParams {
  name: string;
  image: string;
  imagePullPolicy?: string;
  labels?: string;
  annotations: string[];
  env: string[];
  port?: string;
  restart?: string;
  command: boolean;
  args: string[];
  privileged: boolean;
  stdin: boolean;
  tty: boolean;
  leaveStdinOpen: boolean;
}

/** BasicPod.Generate: args, env, annotations, labels (run=NAME unless --labels), then the container's ports. */
export function runPod(p: PodParams, namespace: string | undefined): Obj {
  const env = p.env.map((e) => {
    const eq = e.indexOf('=');
    const key = eq < 0 ? '' : e.slice(0, eq);
    if (eq < 0 || key === '' || !ENV_VAR_NAME.test(key)) throw usageError(`invalid env: ${e}`);
    return { name: key, value: e.slice(eq + 1) };
  });
  const annotations: Record<string, string> = {};
  for (const a of p.annotations) {
    const eq = a.indexOf('=');
    if (eq < 0) throw usageError(`invalid annotations format: ${a}`);
    annotations[a.slice(0, eq)] = a.slice(eq + 1);
  }
  const labels = p.labels ? parseLabels(p.labels) : { run: p.name };
  const port = p.port ? atoi(p.port) : undefined;
  const container: Obj = {
    name: p.name,
    image: p.image,
    ...(p.args.length && p.command ? { command: p.args } : {}),
    ...(p.args.length && !p.command ? { args: p.args } : {}),
    ...(port !== undefined ? { ports: [{ containerPort: port }] } : {}),
    ...(env.length ? { env } : {}),
    resources: {},
    ...(p.imagePullPolicy ? { imagePullPolicy: p.imagePullPolicy } : {}),
    ...(p.privileged ? { securityContext: { privileged: true } } : {}),
    ...(p.stdin ? { stdin: true } : {}),
    ...(p.stdin && !p.leaveStdinOpen ? { stdinOnce: true } : {}),
    ...(p.tty ? { tty: true } : {}),
  };
  const metadata = objectMeta(p.name, namespace, labels);
  if (Object.keys(annotations).length) metadata.annotations = sortedMap(annotations);
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: { containers: [container], restartPolicy: p.restart || 'Always', dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}
