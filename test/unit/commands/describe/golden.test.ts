// The describers replayed against responses recorded from a sandbox: the requests they make must be the ones
// recorded (kubectl's order), and their text must be kubectl v1.32's, captured at the same moment
// (test/golden/describe/capture.mjs). Time is frozen at the capture time, so ages match too.
// Times print in the local zone, as kubectl does; the expectations were captured in UTC.
process.env.TZ = 'UTC';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiStatusError } from '../../../../src/errors.js';
import type { ApiResource } from '../../../../src/kube/resources.js';
import { requestTarget, type RequestStep } from '../../../../src/plan/request-plan.js';
import { type DescribeContext, describerFor } from '../../../../src/commands/describe/kinds.js';

const dir = fileURLToPath(new URL('../../../golden/describe/', import.meta.url));
const cases = JSON.parse(readFileSync(`${dir}cases.json`, 'utf8')) as { name: string }[];

interface Fixture {
  args: string[];
  now: string;
  namespace: string;
  resource: Pick<ApiResource, 'group' | 'version' | 'resource' | 'kind' | 'namespaced'>;
  requests: { target: string; status: number; body: any }[];
}

function replay(fixture: Fixture) {
  let next = 1; // requests[0] is the resource builder's read
  const answer = (step: RequestStep) => {
    const recorded = fixture.requests[next++];
    expect(requestTarget(step), `request #${next - 1}`).toBe(recorded?.target);
    if (recorded.status >= 300) throw new ApiStatusError(recorded.status, recorded.body);
    return recorded.body;
  };
  return {
    get: async (step: RequestStep) => answer(step),
    list: async (step: RequestStep) => {
      const items: any[] = [];
      let page = answer(step);
      items.push(...(page.items ?? []));
      while (page.metadata?.continue) {
        page = answer({ ...step, query: [...step.query, ['continue', page.metadata.continue]] });
        items.push(...(page.items ?? []));
      }
      return items;
    },
    done: () => next,
  };
}

describe('describers replayed against recorded responses print what kubectl v1.32 printed', () => {
  it.each(cases.map((c) => c.name))('%s', async (name) => {
    const fixture = JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Fixture;
    const expected = readFileSync(`${dir}${name}.kubectl.out`, 'utf8');
    const resource = { shortNames: [], singularName: fixture.resource.kind.toLowerCase(), verbs: [], categories: [], ...fixture.resource } as ApiResource;
    const builder = fixture.requests[0].body;
    const objects = Array.isArray(builder.items) ? builder.items : [builder];
    const io = replay(fixture);
    const texts: string[] = [];
    for (const obj of objects) {
      const ctx: DescribeContext = {
        resource,
        namespace: resource.namespaced ? obj.metadata.namespace : '',
        name: obj.metadata.name,
        showEvents: true,
        chunkSize: 500,
        now: new Date(fixture.now),
        reveal: false,
        get: io.get,
        list: io.list,
      };
      texts.push(await describerFor(resource)(ctx));
    }
    expect(io.done()).toBe(fixture.requests.length);
    expect(texts.join('\n\n')).toBe(expected);
  });
});
