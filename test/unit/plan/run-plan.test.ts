// The plan interpreter: --offline, paging, answer-driven and conditional steps, streams and when the plan is shown.
import { describe, expect, it } from 'vitest';
import { ApiStatusError } from '../../../src/errors.js';
import type { StepResponse, StreamResponse } from '../../../src/http/execute.js';
import { ACCEPT, type RequestPlan, type RequestStep, requestTarget } from '../../../src/plan/request-plan.js';
import { type PlanRunner, runPlan, runStep } from '../../../src/plan/run-plan.js';

const get = (path: string, over: Partial<RequestStep> = {}): RequestStep => ({
  method: 'GET',
  path,
  query: [],
  headers: [['Accept', ACCEPT.json]],
  stream: false,
  purpose: `get ${path}`,
  role: 'call',
  ...over,
});

/** A runner that answers from a table (target → status and body) and logs what it was asked, in order. */
function runner(answers: Record<string, [number, unknown]>, offline = false) {
  const log: string[] = [];
  const answer = (step: RequestStep) => {
    const target = requestTarget(step);
    const a = answers[target];
    if (!a) throw new Error(`unexpected request ${target}`);
    log.push(`${step.method} ${target}`);
    return { step, status: a[0], statusText: '', headers: {}, durationMs: 0, body: typeof a[1] === 'string' ? a[1] : JSON.stringify(a[1]) };
  };
  const r: PlanRunner = {
    options: { offline },
    show: async (plan: RequestPlan) => void log.push(`show ${plan.steps.map(requestTarget).join(' ')}`),
    send: async (step): Promise<StepResponse> => answer(step),
    stream: async (step): Promise<StreamResponse> => {
      const { body: _body, ...rest } = answer(step);
      return { ...rest, chunks: (async function* () {})(), cancel: () => {} };
    },
  };
  return { r, log };
}

describe('runPlan', () => {
  it('--offline shows the plan and sends nothing', async () => {
    const { r, log } = runner({}, true);
    expect(await runPlan(r, { command: 'kubectl get', steps: [get('/a'), get('/b')] })).toBeUndefined();
    expect(log).toEqual(['show /a /b']);
  });

  it('follows a paged list until an answer has no continue, and parses each page', async () => {
    const { r, log } = runner({
      '/a?limit=1': [200, { metadata: { continue: 'c1' }, items: [1] }],
      '/a?continue=c1&limit=1': [200, { metadata: {}, items: [2] }],
    });
    const run = await runPlan(r, { command: 'kubectl get', steps: [get('/a', { query: [['limit', '1']], paged: true })] });
    expect(log).toEqual(['show /a?limit=1', 'GET /a?limit=1', 'GET /a?continue=c1&limit=1']);
    expect(run![0].answers).toEqual([
      { metadata: { continue: 'c1' }, items: [1] },
      { metadata: {}, items: [2] },
    ]);
  });

  it('fills an answer-driven parameter from the last page and shows the plan just before that step', async () => {
    const { r, log } = runner({
      '/a': [200, { metadata: { resourceVersion: '42' } }],
      '/a?resourceVersion=42&watch=true': [200, ''],
    });
    const watch = get('/a', {
      query: [
        ['resourceVersion', ''],
        ['watch', 'true'],
      ],
      stream: true,
      fromAnswer: [{ param: 'resourceVersion', step: 0, field: 'resourceVersion' }],
    });
    const run = await runPlan(r, { command: 'kubectl get', steps: [get('/a'), watch] }, { json: true });
    expect(log).toEqual(['GET /a', 'show /a /a?resourceVersion=42&watch=true', 'GET /a?resourceVersion=42&watch=true']);
    expect(run![1].stream?.status).toBe(200);
  });

  it.each([
    [404, ['GET /o', 'POST /create']],
    [200, ['GET /o', 'PATCH /patch']],
    [500, ['GET /o', 'GET /report']],
  ])('after a %i only the branch for that status is sent (otherwise: none of the named ones)', async (status, sent) => {
    const { r, log } = runner({ '/o': [status, {}], '/create': [201, {}], '/patch': [200, {}], '/report': [200, {}] });
    const plan: RequestPlan = {
      command: 'kubectl apply',
      steps: [
        get('/o'),
        get('/create', { method: 'POST', onlyAfter: { step: 0, status: 404 } }),
        get('/patch', { method: 'PATCH', onlyAfter: { step: 0, status: [200] } }),
        get('/report', { onlyAfter: { step: 0, otherwise: true } }),
      ],
    };
    const run = await runPlan(r, plan);
    expect(log.slice(1)).toEqual(sent);
    expect(run!.filter((s) => s.skipped).length).toBe(2);
  });

  it("a status-only step whose status no condition names is an error (apply --offline's report)", async () => {
    const plan: RequestPlan = {
      command: 'kubectl apply',
      steps: [get('/o', { statusOnly: { report: 'GET configmap/o' } }), get('/create', { method: 'POST', onlyAfter: { step: 0, status: 404 } })],
    };
    await expect(runPlan(runner({ '/o': [500, ''] }).r, plan)).rejects.toThrow('GET configmap/o answered HTTP 500');
    const { r, log } = runner({ '/o': [404, ''], '/create': [201, {}] });
    await runPlan(r, plan);
    expect(log.slice(1)).toEqual(['GET /o', 'POST /create']);
  });

  it('a failed json step ends the run, or with onError continue is kept and the rest still sent', async () => {
    const answers: Record<string, [number, unknown]> = { '/a': [403, { kind: 'Status', code: 403, message: 'no' }], '/b': [200, {}] };
    const plan: RequestPlan = { command: 'kubectl get', steps: [get('/a'), get('/b')] };
    await expect(runPlan(runner(answers).r, plan, { json: true })).rejects.toBeInstanceOf(ApiStatusError);
    const { r, log } = runner(answers);
    const run = await runPlan(r, plan, { json: true, onError: 'continue' });
    expect(run![0].error?.httpStatus).toBe(403);
    expect(log.slice(1)).toEqual(['GET /a', 'GET /b']);
  });

  it('an answer that is not JSON is an error naming the request', async () => {
    const { r } = runner({ '/a': [200, '<html>'] });
    await expect(runPlan(r, { command: 'kubectl get', steps: [get('/a')] }, { json: true })).rejects.toThrow(
      'the server sent a response that is not JSON (GET /a)',
    );
  });

  it('shows requests sent before the plan first, without sending them again', async () => {
    const { r, log } = runner({ '/b': [200, {}] });
    await runPlan(r, { command: 'kubectl auth can-i', steps: [get('/b')] }, { sentBefore: [get('/lookup')] });
    expect(log).toEqual(['show /lookup /b', 'GET /b']);
  });

  it('prints a stage through the show it is given, or not at all, and runStep hands back its one result', async () => {
    const { r, log } = runner({ '/a': [201, { ok: 1 }], '/b': [200, {}] });
    const stage = await runStep(
      r,
      { command: 'kubectl create', steps: [get('/a')] },
      { show: async (p) => void log.push(`stage ${p.steps.map(requestTarget).join(' ')}`) },
    );
    expect(stage.responses.map((x) => x.status)).toEqual([201]);
    await runStep(r, { command: 'kubectl create', steps: [get('/b')] }, { show: false });
    expect(log).toEqual(['stage /a', 'GET /a', 'GET /b']);
    await expect(runStep(runner({}, true).r, { command: 'kubectl create', steps: [get('/a')] })).rejects.toThrow('run offline');
  });
});
