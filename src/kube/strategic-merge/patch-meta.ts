// Patch metadata (x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key) looked up in a group-version's
// OpenAPI v3 document, as apimachinery's strategicpatch.PatchMetaFromOpenAPIV3 does: the extensions are
// read on the property itself, then the property is resolved (first allOf entry, then $ref) to walk further.

export type OpenApiSchema = Record<string, any>;

export interface PatchMeta {
  strategies: string[];
  mergeKey: string;
}

export class PatchMetaError extends Error {}

export interface LookupPatchMeta {
  forStruct(key: string): { sub: LookupPatchMeta; meta: PatchMeta };
  forSlice(key: string): { sub: LookupPatchMeta; meta: PatchMeta };
}

export class PatchMetaFromOpenApiV3 implements LookupPatchMeta {
  constructor(
    readonly schemas: Record<string, OpenApiSchema>,
    readonly schema: OpenApiSchema | undefined,
  ) {}

  #traverse(key: string): OpenApiSchema | undefined {
    if (!this.schema) return undefined;
    const props = this.schema.properties as Record<string, OpenApiSchema> | undefined;
    if (!props || Object.keys(props).length === 0 || !(key in props)) throw new PatchMetaError(`unable to find api field "${key}"`);
    return props[key];
  }

  #meta(s: OpenApiSchema | undefined): PatchMeta {
    const strategy = s?.['x-kubernetes-patch-strategy'];
    const mergeKey = s?.['x-kubernetes-patch-merge-key'];
    return { strategies: typeof strategy === 'string' ? strategy.split(',') : [], mergeKey: typeof mergeKey === 'string' ? mergeKey : '' };
  }

  #resolve(s: OpenApiSchema | undefined): OpenApiSchema | undefined {
    if (!s) return s;
    let out = s;
    if (Array.isArray(out.allOf) && out.allOf.length > 0) out = out.allOf[0];
    const ref = out.$ref;
    if (typeof ref === 'string' && ref !== '') {
      const name = ref.replace(/^#\/components\/schemas\//, '');
      const found = this.schemas[name];
      if (!found) throw new PatchMetaError(`unable to resolve ${ref} in OpenAPI V3`);
      out = found;
    }
    return out;
  }

  forStruct(key: string) {
    const prop = this.#traverse(key);
    const meta = this.#meta(prop);
    return { sub: new PatchMetaFromOpenApiV3(this.schemas, this.#resolve(prop)), meta };
  }

  forSlice(key: string) {
    const prop = this.#traverse(key);
    const meta = this.#meta(prop);
    const items = prop?.items as OpenApiSchema | undefined;
    return { sub: new PatchMetaFromOpenApiV3(this.schemas, this.#resolve(items ?? prop)), meta };
  }
}

/** The schema of a kind in a group-version document (matched by x-kubernetes-group-version-kind). */
export function schemaForKind(doc: OpenApiSchema, group: string, version: string, kind: string): OpenApiSchema | undefined {
  const schemas = (doc?.components?.schemas ?? {}) as Record<string, OpenApiSchema>;
  for (const s of Object.values(schemas)) {
    const gvks = s['x-kubernetes-group-version-kind'];
    if (Array.isArray(gvks) && gvks.some((g) => (g.group ?? '') === group && g.version === version && g.kind === kind)) return s;
  }
  return undefined;
}

/**
 * Whether the document's PATCH operation for the kind accepts application/strategic-merge-patch+json
 * (kubectl's gvkSupportsPatchOpenAPIV3); custom resources do not.
 */
export function supportsStrategicMergePatch(doc: OpenApiSchema, group: string, version: string, kind: string): boolean {
  for (const item of Object.values((doc?.paths ?? {}) as Record<string, OpenApiSchema>)) {
    const patch = item?.patch;
    if (!patch) continue;
    const gvk = patch['x-kubernetes-group-version-kind'];
    if (!gvk || (gvk.group ?? '') !== group || gvk.version !== version || gvk.kind !== kind) continue;
    const content = patch.requestBody?.content;
    return Boolean(content && 'application/strategic-merge-patch+json' in content);
  }
  return false;
}

/** What a Go struct field's tags say to a strategic merge: the struct type it holds (a list: its items'), its patchStrategy and patchMergeKey. */
export interface FieldPatchMeta {
  type?: string;
  strategy?: string;
  mergeKey?: string;
}

/** Struct types by name, each with the fields that hold a struct or carry patch tags. */
export type PatchMetaTable = Record<string, Record<string, FieldPatchMeta>>;

/**
 * PatchMetaFromStruct over a table of compiled-in Go types' tags (kubectl's run --overrides uses v1.Pod's): a
 * field the table does not list has no patch metadata and holds anything, as a field without tags would.
 */
export class PatchMetaFromTable implements LookupPatchMeta {
  constructor(
    readonly table: PatchMetaTable,
    readonly type: string | undefined,
  ) {}

  forStruct(key: string) {
    const field = this.type === undefined ? undefined : this.table[this.type]?.[key];
    const meta: PatchMeta = { strategies: field?.strategy ? field.strategy.split(',') : [], mergeKey: field?.mergeKey ?? '' };
    return { sub: new PatchMetaFromTable(this.table, field?.type), meta };
  }

  forSlice(key: string) {
    return this.forStruct(key);
  }
}
