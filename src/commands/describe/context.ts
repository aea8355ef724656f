// What a describer is given: the object to describe, kubectl's settings, the clock, and the two ways to read
// from the API server (so the text functions stay pure and every request stays visible to the runner);
// plus the helpers every describer shares (its own read, the event search).
import { ApiStatusError } from '../../errors.js';
import type { ApiResource } from '../../kube/resources.js';
import type { RequestStep } from '../../plan/request-plan.js';
import type { Obj } from './fields.js';
import { type ObjectRef, describerGetStep, eventsStep } from './plan.js';

export interface DescribeContext {
  resource: ApiResource;
  namespace: string;
  name: string;
  showEvents: boolean;
  chunkSize: number;
  now: Date;
  /** Whether secret values may be printed (kcurl --reveal). */
  reveal: boolean;
  /** A GET whose failure fails the description (throws ApiStatusError). */
  get(step: RequestStep): Promise<Obj>;
  /** A list, following metadata.continue pages (throws ApiStatusError). */
  list(step: RequestStep): Promise<Obj[]>;
}

export type Describer = (ctx: DescribeContext) => Promise<string>;

export const arr = (x: unknown): Obj[] => (Array.isArray(x) ? (x as Obj[]) : []);

/** searchEvents with its error ignored, as most describers do (`events, _ = searchEvents(...)`). */
export async function searchEvents(ctx: DescribeContext, ref: ObjectRef): Promise<Obj[]> {
  try {
    return await ctx.list(eventsStep(ref, ctx.chunkSize));
  } catch (err) {
    if (err instanceof ApiStatusError) return [];
    throw err;
  }
}

/** reference.GetReference for a typed object: kind from the scheme, the object's namespace and uid. */
export function refOf(obj: Obj, kind: string): ObjectRef {
  return { name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? '', kind, uid: obj.metadata?.uid };
}

export async function ownObject(ctx: DescribeContext): Promise<Obj> {
  return ctx.get(describerGetStep(ctx.resource, ctx.namespace, ctx.name));
}

/** client-go's error text for a failed request (err.Error()). */
export function errorText(err: unknown): string {
  if (err instanceof ApiStatusError) return err.status.message || 'the server could not find the requested resource';
  return err instanceof Error ? err.message : String(err);
}
