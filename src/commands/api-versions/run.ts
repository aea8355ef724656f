// kcurl api-versions: GET /api and /apis asking for aggregated discovery (as kubectl does, cache bypassed), the
// group-versions printed sorted like kubectl's apiversions.go.
import { KcurlError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { discoverySteps, fromAggregated, isAggregatedDiscovery } from '../../kube/discovery.js';
import { compareCodePoints } from '../../output/go-format.js';
import { ensureOk } from '../../http/status.js';
import { runPlan } from '../../plan/run-plan.js';

/** metav1.ExtractGroupVersions of the server's groups, sorted (kubectl api-versions). */
export function apiVersionsFromRoots(roots: { path: string; contentType: string; body: string }[]): string[] {
  const out: string[] = [];
  for (const root of roots) {
    const doc = JSON.parse(root.body) as Record<string, any>;
    if (isAggregatedDiscovery(root.contentType)) {
      for (const g of fromAggregated(doc).groups) out.push(...g.versions.map((v) => v.groupVersion));
    } else if (root.path === '/api') out.push(...((doc.versions as string[] | undefined) ?? []));
    else
      for (const g of (doc.groups as { versions?: { groupVersion: string }[] }[] | undefined) ?? []) out.push(...(g.versions ?? []).map((v) => v.groupVersion));
  }
  return out.sort(compareCodePoints);
}

export async function runApiVersions(session: Session, positionals: string[]): Promise<number> {
  if (positionals.length > 0) throw new KcurlError('KCURL_USAGE', `unexpected arguments: [${positionals.join(' ')}]`);
  const creds = await session.credentials();
  const steps = discoverySteps({ requestTimeout: creds.requestTimeout });
  const run = await runPlan(session, { command: 'kubectl api-versions', steps, discoveryIsTheCall: true });
  if (!run) return 0;
  const roots: { path: string; contentType: string; body: string }[] = [];
  for (const { step, responses } of run) {
    const res = responses[0];
    // client-go tolerates a 404 for /api or /apis.
    if (res.status === 404) continue;
    try {
      ensureOk(res);
    } catch (err) {
      throw new KcurlError('KCURL_API_STATUS', `couldn't get available api versions from server: ${(err as Error).message}`, { cause: err });
    }
    roots.push({ path: step.path, contentType: String(res.headers['content-type'] ?? ''), body: res.body });
  }
  for (const v of apiVersionsFromRoots(roots)) session.io.stdout.write(v + '\n');
  return 0;
}
