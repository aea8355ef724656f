// The one plan interpreter: prints a RequestPlan and, unless --offline, sends its steps in order. It owns
// everything between "a command built a plan" and "a command reads the answers": --offline (the plan is shown
// and nothing is sent), paging (continue=), answer-driven steps (fromAnswer), conditional steps (onlyAfter),
// streaming steps (opened and handed back unread) and when the snippet is printed.
import { ApiStatusError, usageError } from '../errors.js';
import type { StepResponse, StreamResponse } from '../http/execute.js';
import { parseStatus } from '../http/status.js';
import { type RequestPlan, type RequestStep, nextPageStep } from './request-plan.js';

/** What the interpreter needs from a run (Session implements it): its mode, the snippet printer and the executor. */
export interface PlanRunner {
  readonly options: { readonly offline: boolean };
  show(plan: RequestPlan): Promise<void>;
  send(step: RequestStep): Promise<StepResponse>;
  stream(step: RequestStep): Promise<StreamResponse>;
}

/** What happened to one step of the plan. */
export interface StepResult {
  index: number;
  /** The step as sent (its first page; values taken from earlier answers filled in). */
  step: RequestStep;
  /** A conditional step whose condition did not hold: nothing was sent. */
  skipped: boolean;
  /** Every answer of a buffered step, one per page. */
  responses: StepResponse[];
  /** The answers parsed as JSON (json steps and pages), one per page. */
  answers: unknown[];
  /** A streaming step's open stream, not read yet (its status is the caller's to check). */
  stream?: StreamResponse;
  /** A non-2xx (or non-JSON) answer of a json step, when the plan runs with onError 'continue'. */
  error?: ApiStatusError;
}

export interface RunPlanOptions {
  /**
   * The answers are JSON documents the command reads: a non-2xx answer becomes an ApiStatusError, a body that is
   * not JSON too, and lists read in pages are followed. Without it a step's answer is handed back as it came
   * (paged steps are always read as JSON: their continue token is in the answer).
   */
  json?: boolean | ((step: RequestStep, index: number) => boolean);
  /** How a json answer's text is read: JSON.parse unless the command has a reader of its own (parseTableJson). */
  parse?: AnswerParser;
  /** 'throw' (default): the first failed json step ends the run. 'continue': the error is kept in its result. */
  onError?: 'throw' | 'continue';
  /**
   * Requests the command sent before it could build the plan (lookups its choices depended on: can-i's scope
   * check, logs' pod lookup): the snippet shows them first; they are not sent again.
   */
  sentBefore?: RequestStep[];
  /** Called when a step is done (all its pages read, or its stream open), before the next one is sent. */
  onResult?: (result: StepResult) => void | Promise<void>;
  /**
   * How the plan is printed, when not by the runner's `show`: a stage of a plan built from earlier answers
   * continues the script the first stage began (`PlanStages.show`); false for requests the snippet leaves out
   * (the OpenAPI documents kubectl reads to validate, which change nothing that is sent).
   */
  show?: ((plan: RequestPlan) => Promise<void>) | false;
}

/**
 * Reads a json answer's text; `invalid()` is the error for text that is not JSON, for a reader that finds out
 * later (when a part it left unparsed is read).
 */
export type AnswerParser = (text: string, invalid: () => Error) => unknown;

const plainJson: AnswerParser = (text) => JSON.parse(text);

/** A finished run: undefined with --offline (the plan was printed, nothing sent). */
export type PlanRun = StepResult[] | undefined;

/**
 * Runs a plan. The snippet is printed first; when a step takes a value from an earlier answer it is printed just
 * before that step instead, with the values known (kubectl get -w: the list, then the watch from its resourceVersion).
 * A conditional step is sent only when the answer it depends on had one of its statuses (or, with `otherwise`,
 * none of the statuses its sibling conditions name); a skipped step counts as having no answer.
 */
export async function runPlan(runner: PlanRunner, plan: RequestPlan, options: RunPlanOptions = {}): Promise<PlanRun> {
  const firstDependent = plan.steps.findIndex((s) => s.fromAnswer?.length);
  const print = options.show === false ? async () => {} : (options.show ?? ((p: RequestPlan) => runner.show(p)));
  const shown = (p: RequestPlan) => print(options.sentBefore?.length ? { ...p, steps: [...options.sentBefore, ...p.steps] } : p);
  if (runner.options.offline || firstDependent < 0) await shown(plan);
  if (runner.options.offline) return undefined;
  const results: StepResult[] = [];
  for (let index = 0; index < plan.steps.length; index++) {
    let step = plan.steps[index];
    if (step.fromAnswer?.length) {
      const from = step.fromAnswer;
      step = {
        ...step,
        query: [...step.query.filter(([k]) => !from.some((d) => d.param === k)), ...from.map((d): [string, string] => [d.param, answerValue(d, results)])],
      };
    }
    if (index === firstDependent) await shown({ ...plan, steps: plan.steps.map((s, i) => results[i]?.step ?? (i === index ? step : s)) });
    const result: StepResult = { index, step, skipped: false, responses: [], answers: [] };
    results.push(result);
    if (step.onlyAfter && !conditionHolds(plan, step, results)) {
      result.skipped = true;
    } else if (step.stream) {
      result.stream = await runner.stream(step);
    } else {
      const json = step.paged || (typeof options.json === 'function' ? options.json(step, index) : options.json === true);
      try {
        await sendStep(runner, step, json, result, options.parse);
        if (step.statusOnly) unexpectedStatus(plan, index, result);
      } catch (err) {
        if (!(err instanceof ApiStatusError) || options.onError !== 'continue') throw err;
        result.error = err;
      }
    }
    await options.onResult?.(result);
  }
  return results;
}

/**
 * A plan of one step, run online: its result (a command building its plan in stages, one request at a time as
 * the answers decide: create's POST per object, describe's reads, delete's --wait watch, apply's three-way patch).
 */
export async function runStep(runner: PlanRunner, plan: RequestPlan, options: RunPlanOptions = {}): Promise<StepResult> {
  const results = await runPlan(runner, plan, options);
  if (results?.length !== 1) throw new Error(`runStep: a plan of ${plan.steps.length} steps, run ${results ? 'online' : 'offline'}`);
  return results[0];
}

/**
 * --offline for a command whose later requests depend on the server's answers (describe, logs, create, delete,
 * api-resources): the requests known before any answer are shown and the command ends there. True when it ends.
 */
export async function showWhenOffline(runner: PlanRunner, known: RequestPlan | (() => Promise<RequestPlan>)): Promise<boolean> {
  if (!runner.options.offline) return false;
  await runner.show(typeof known === 'function' ? await known() : known);
  return true;
}

/** A command that only makes sense against a server (a relay, a client run, a re-send) refuses --offline. */
export function refuseOffline(runner: PlanRunner, message: string): void {
  if (runner.options.offline) throw usageError(message);
}

/** Sends a step and, for a list read in pages, every further page the server announces in metadata.continue. */
async function sendStep(runner: PlanRunner, first: RequestStep, json: boolean, result: StepResult, parse?: AnswerParser): Promise<void> {
  if (!json) return void result.responses.push(await runner.send(first));
  result.answers.push(
    ...(await followPages(first, async (step) => {
      const res = await runner.send(step);
      result.responses.push(res);
      return jsonAnswer(res, step, parse);
    })),
  );
}

/**
 * runtimeresource.FollowContinue: reads `first` and, while an answer names a metadata.continue (and the list was
 * asked for in pages), the same request again with continue=. `read` sends one request and parses its answer;
 * the interpreter's and describe's readers both page through here.
 */
export async function followPages<T>(first: RequestStep, read: (step: RequestStep) => Promise<T>): Promise<T[]> {
  const pages: T[] = [];
  let step: RequestStep | undefined = first;
  while (step) {
    const page: T = await read(step);
    pages.push(page);
    step = nextPageStep(first, page as { metadata?: { continue?: string } });
  }
  return pages;
}

/** A 2xx answer's JSON body; a non-2xx answer (or one that is not JSON) as the ApiStatusError kubectl reports. */
export function jsonAnswer(res: StepResponse, step: RequestStep, parse: AnswerParser = plainJson): unknown {
  if (res.status < 200 || res.status > 299) throw new ApiStatusError(res.status, parseStatus(res));
  const invalid = () =>
    new ApiStatusError(res.status, {
      ...parseStatus({ status: 500, body: res.body }),
      message: `the server sent a response that is not JSON (${step.method} ${step.path})`,
    });
  try {
    return parse(res.body, invalid);
  } catch {
    throw invalid();
  }
}

/** The HTTP status a step ended with: its last answer's, or its error's; undefined when it was not sent. */
export function finalStatus(result: StepResult | undefined): number | undefined {
  if (!result || result.skipped) return undefined;
  if (result.error) return result.error.httpStatus;
  if (result.stream) return result.stream.status;
  return result.responses[result.responses.length - 1]?.status;
}

function conditionHolds(plan: RequestPlan, step: RequestStep, results: StepResult[]): boolean {
  const cond = step.onlyAfter!;
  const status = finalStatus(results[cond.step]);
  if (status === undefined) return false;
  if (cond.otherwise) {
    // Every status a sibling condition on the same answer names.
    const taken = plan.steps.flatMap((s) => (s !== step && s.onlyAfter?.step === cond.step && !s.onlyAfter.otherwise ? onlyAfterStatuses(s.onlyAfter) : []));
    return !taken.includes(status);
  }
  return onlyAfterStatuses(cond).includes(status);
}

/** A status-only step's answer that no conditional step on it names is an error (apply's "GET x answered HTTP 500"). */
function unexpectedStatus(plan: RequestPlan, index: number, result: StepResult): void {
  const res = result.responses[result.responses.length - 1];
  const conds = plan.steps.flatMap((s) => (s.onlyAfter?.step === index ? [s.onlyAfter] : []));
  if (conds.some((c) => c.otherwise || onlyAfterStatuses(c).includes(res.status))) return;
  // The server's Status when it sent one, otherwise what the snippet prints.
  const fromServer = /"kind"\s*:\s*"Status"/.test(res.body);
  const status = parseStatus(res);
  throw new ApiStatusError(res.status, fromServer ? status : { ...status, message: `${plan.steps[index].statusOnly!.report} answered HTTP ${res.status}` });
}

/** The statuses a condition names (one or several). */
export function onlyAfterStatuses(cond: NonNullable<RequestStep['onlyAfter']>): number[] {
  return cond.status === undefined ? [] : Array.isArray(cond.status) ? cond.status : [cond.status];
}

/** The .metadata field an answer-driven parameter takes from the last answer (page) of the step it names. */
function answerValue(d: NonNullable<RequestStep['fromAnswer']>[number], results: StepResult[]): string {
  const answers = results[d.step]?.answers ?? [];
  const meta = (answers[answers.length - 1] as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  return String(meta?.[d.field] ?? '');
}
