// The flow kubectl label, annotate, patch, scale and set image share: name the objects (RESOURCE NAME... or
// RESOURCE/NAME), GET each one, then send a PATCH the command builds from the answer. Each request is a stage of one
// plan, sent by the plan interpreter and shown as it goes, the first block beginning the script the others continue.
import { ApiStatusError, usageError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import type { StepResponse } from '../../http/execute.js';
import { parseStatus } from '../../http/status.js';
import { type ApiResource, apiPath } from '../../kube/resources.js';
import { namespaceCheckStep } from '../../plan/namespace-check.js';
import { ACCEPT, type RequestPlan, type RequestStep, header } from '../../plan/request-plan.js';
import { runStep, showWhenOffline } from '../../plan/run-plan.js';
import { parseTargets } from '../get/options.js';
import { StepShower } from '../apply/objects.js';

/** One object a command names. */
export interface Target {
  resource: ApiResource;
  name: string;
  /** Undefined for a cluster-scoped resource. */
  namespace?: string;
}

/** The objects RESOURCE NAME... / RESOURCE/NAME arguments name, in `namespace` when their resource is namespaced. */
export async function resolveTargets(session: Session, resources: string[], namespace: string | undefined): Promise<Target[]> {
  const parsed = parseTargets(resources);
  const types = await session.resolveTypes(parsed.map((t) => t.type));
  return parsed.flatMap((t, i) => {
    if (t.names.length === 0) throw usageError('resource(s) were provided, but no name was specified');
    return t.names.map((name) => ({ resource: types[i], name, namespace: types[i].namespaced ? namespace : undefined }));
  });
}

/** The builder's GET of one object (kubectl set's asks for JSON or anything: `accept`). */
export function readStep(t: Target, purpose: string, accept: string = ACCEPT.json): RequestStep {
  return {
    method: 'GET',
    path: apiPath(t.resource, { namespace: t.namespace, name: t.name }),
    query: [],
    headers: [['Accept', accept]],
    stream: false,
    purpose,
    kind: 'get',
    role: 'call',
  };
}

/** Sends a command's requests one stage at a time, each shown just before it is sent. */
export class ReadThenPatch {
  readonly #shower: StepShower;

  constructor(
    readonly session: Session,
    readonly command: string,
  ) {
    this.#shower = new StepShower(session);
  }

  /** --offline: shows the requests known before any answer (true: the command ends there). */
  async showWhenOffline(steps: RequestStep[], notes?: string[]): Promise<boolean> {
    return showWhenOffline(this.session, () => this.session.finalize({ command: this.command, steps, ...(notes ? { notes } : {}) }));
  }

  /** Prints a stage of the command's script (the first one opens it). */
  show(plan: RequestPlan): Promise<void> {
    return this.#shower.show(plan);
  }

  /** One request, shown and sent; its answer as it came. */
  async send(step: RequestStep): Promise<StepResponse> {
    const plan = await this.session.finalize({ command: this.command, steps: [step] });
    return (await runStep(this.session, plan, { show: (p) => this.#shower.show(p) })).responses[0];
  }

  /** A request whose answer is the object (2xx) or the error kubectl reports. */
  async write(step: RequestStep): Promise<Record<string, unknown> | ApiStatusError> {
    const res = await this.send(step);
    return res.status >= 300 ? new ApiStatusError(res.status, parseStatus(res)) : (JSON.parse(res.body) as Record<string, unknown>);
  }

  /**
   * GETs one object: the object, or the error kubectl reports. cli-runtime's Info.Get: a NotFound outside the
   * default namespace makes kubectl read the namespace (with the GET's Accept), and a missing namespace is
   * the error it reports.
   */
  async read(t: Target, get: RequestStep): Promise<Record<string, unknown> | ApiStatusError> {
    const got = await this.send(get);
    if (got.status < 300) return JSON.parse(got.body) as Record<string, unknown>;
    if (got.status === 404 && t.namespace && t.namespace !== 'default') {
      // The builder's client reads the namespace, with the same Accept.
      const ns = await this.send(namespaceCheckStep(t.namespace, header(get, 'Accept')));
      if (ns.status === 404) return new ApiStatusError(ns.status, parseStatus(ns));
    }
    return new ApiStatusError(got.status, parseStatus(got));
  }
}
