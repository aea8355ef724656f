// The v1.Pod strategic-merge table (run --overrides) against the real kube-apiserver v1.26 OpenAPI v3 document
// (fixtures/sandbox/openapi): every x-kubernetes-patch-strategy / -merge-key reachable from a Pod is in the
// table with the same values, and the table's struct links follow the schema's $refs.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { POD_PATCH_META } from '../../../../src/kube/strategic-merge/pod-patch-meta.js';

type Schema = Record<string, any>;
const doc = JSON.parse(gunzipSync(readFileSync(new URL('../../../../fixtures/sandbox/openapi/v3-api_v1.json.gz', import.meta.url))).toString());
const schemas = doc.components.schemas as Record<string, Schema>;
const short = (ref: string) => ref.slice(ref.lastIndexOf('.') + 1);

/** The definition a property holds (a list: its items'), when it is a struct. */
function refOf(prop: Schema): string | undefined {
  let s = prop.allOf?.[0] ?? prop;
  if (s.items) s = s.items.allOf?.[0] ?? s.items;
  return typeof s.$ref === 'string' ? s.$ref.slice(s.$ref.lastIndexOf('/') + 1) : undefined;
}

/** Type (short name) → field → "strategy mergeKey", for every tagged field reachable from the Pod. */
function openApiTags(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const seen = new Set<string>();
  const walk = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const [field, prop] of Object.entries((schemas[name].properties ?? {}) as Record<string, Schema>)) {
      const strategy = prop['x-kubernetes-patch-strategy'];
      if (strategy && prop.type !== 'string') (out[short(name)] ??= {})[field] = `${strategy} ${prop['x-kubernetes-patch-merge-key'] ?? ''}`;
      const ref = refOf(prop);
      if (ref && schemas[ref]) walk(ref);
    }
  };
  walk('io.k8s.api.core.v1.Pod');
  return out;
}

describe('POD_PATCH_META', () => {
  it('has every merge strategy and key the v1.26 OpenAPI has for a Pod (and the two later status lists)', () => {
    const table: Record<string, Record<string, string>> = {};
    for (const [type, fields] of Object.entries(POD_PATCH_META))
      for (const [field, meta] of Object.entries(fields)) if (meta.strategy) (table[type] ??= {})[field] = `${meta.strategy} ${meta.mergeKey ?? ''}`;
    const { hostIPs, resourceClaimStatuses, ...status } = table.PodStatus;
    expect([hostIPs, resourceClaimStatuses]).toEqual(['merge ip', 'merge,retainKeys name']);
    expect({ ...table, PodStatus: status }).toEqual(openApiTags());
  });

  it('links each struct-valued field to the type the schema gives it', () => {
    const names: Record<string, string> = { Pod: 'io.k8s.api.core.v1.Pod', ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
    const full = (t: string) => names[t] ?? `io.k8s.api.core.v1.${t}`;
    for (const [type, fields] of Object.entries(POD_PATCH_META))
      for (const [field, meta] of Object.entries(fields))
        if (meta.type) expect([type, field, refOf(schemas[full(type)].properties[field])]).toEqual([type, field, full(meta.type)]);
  });
});
