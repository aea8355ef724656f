// Strategic merge patch (PATCH application/strategic-merge-patch+json): the shared port of apimachinery's
// strategicpatch (src/kube/strategic-merge/apply.ts) driven by the kind's OpenAPI schema, whose
// x-kubernetes-patch-strategy / x-kubernetes-patch-merge-key say how a list merges (containers by name, ports
// by containerPort, …; other lists are replaced).
import { strategicMergeMapPatch, StrategicPatchError } from '../../kube/strategic-merge/apply.js';
import { type LookupPatchMeta, type PatchMeta, PatchMetaError } from '../../kube/strategic-merge/patch-meta.js';
import { isPlainObject } from '../object-meta.js';
import { itemsOf, propertyOf, type Schema, type SchemaDefinitions } from '../schema.js';

export class StrategicMergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategicMergeError';
  }
}

/** Applies a strategic merge patch to `original` (which is not modified). */
export function applyStrategicMergePatch(defs: SchemaDefinitions, schema: Schema | undefined, original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) throw new StrategicMergeError('unable to find api field in struct Unknown for the json field "patch"');
  try {
    return strategicMergeMapPatch(isPlainObject(original) ? original : {}, patch, new PatchMetaFromSchema(defs, schema));
  } catch (e) {
    if (e instanceof StrategicPatchError || e instanceof PatchMetaError) throw new StrategicMergeError(e.message);
    throw e;
  }
}

/**
 * The patch metadata of a field as the sandbox's schema has it: the extensions on the property itself (before
 * its $ref is followed). A field the schema does not know has none and holds anything.
 */
export class PatchMetaFromSchema implements LookupPatchMeta {
  constructor(
    readonly defs: SchemaDefinitions,
    readonly schema: Schema | undefined,
  ) {}

  #meta(key: string): PatchMeta {
    const props = this.defs.resolve(this.schema)?.properties as Record<string, Schema> | undefined;
    const prop = props && Object.hasOwn(props, key) ? props[key] : undefined;
    const strategy = prop?.['x-kubernetes-patch-strategy'];
    const mergeKey = prop?.['x-kubernetes-patch-merge-key'];
    return { strategies: typeof strategy === 'string' && strategy ? strategy.split(',') : [], mergeKey: typeof mergeKey === 'string' ? mergeKey : '' };
  }

  #child(key: string): Schema | undefined {
    if (!this.schema) return undefined;
    const c = propertyOf(this.defs, this.schema, key);
    return c.kind === 'schema' ? c.schema : undefined;
  }

  forStruct(key: string) {
    return { sub: new PatchMetaFromSchema(this.defs, this.#child(key)), meta: this.#meta(key) };
  }

  forSlice(key: string) {
    const child = this.#child(key);
    return { sub: new PatchMetaFromSchema(this.defs, child ? itemsOf(this.defs, child) : undefined), meta: this.#meta(key) };
  }
}
