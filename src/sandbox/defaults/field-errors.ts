// Validation errors as apimachinery's field.Error builds them: the cause reason (FieldValueInvalid …) and the
// error body kube-apiserver puts in 422 responses (`Invalid value: "Bad_Name": a lowercase RFC 1123 …`).

/** One field error (k8s.io/apimachinery/pkg/util/validation/field.Error). */
export interface FieldError {
  field: string;
  /** The StatusCause reason: FieldValueRequired, FieldValueInvalid, FieldValueNotSupported … */
  type: string;
  /** The error body, without the field path. */
  message: string;
}

/** A value already written the way Go's %#v prints it (`[]string{"a"}`, `map[string]string{"k":"v"}`). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** How field.Error prints a bad value: %q for strings, %v for numbers and booleans, `null` for nil. */
function goValue(value: unknown): string {
  if (value instanceof GoLiteral) return value.text;
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const withDetail = (body: string, detail?: string) => (detail ? `${body}: ${detail}` : body);

export const required = (field: string, detail = ''): FieldError => ({ field, type: 'FieldValueRequired', message: withDetail('Required value', detail) });

export const invalid = (field: string, value: unknown, detail = ''): FieldError => ({
  field,
  type: 'FieldValueInvalid',
  message: withDetail(`Invalid value: ${goValue(value)}`, detail),
});

export const notSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  field,
  type: 'FieldValueNotSupported',
  message: withDetail(
    `Unsupported value: ${goValue(value)}`,
    supported.length > 0 ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '',
  ),
});

export const duplicate = (field: string, value: unknown): FieldError => ({ field, type: 'FieldValueDuplicate', message: `Duplicate value: ${goValue(value)}` });

export const notFound = (field: string, value: unknown): FieldError => ({ field, type: 'FieldValueNotFound', message: `Not found: ${goValue(value)}` });

export const forbidden = (field: string, detail: string): FieldError => ({ field, type: 'FieldValueForbidden', message: withDetail('Forbidden', detail) });

export const tooLong = (field: string, max: number): FieldError => ({
  field,
  type: 'FieldValueTooLong',
  message: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
});

/** `[]string{"a", "b"}`. */
export const goSliceOfStrings = (values: string[]) => new GoLiteral(`[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`);

/** `map[string]string{"a":"1", "b":"2"}` (fmt sorts map keys), or `map[string]string(nil)`. */
export function goStringMap(map: unknown): GoLiteral {
  if (!map || typeof map !== 'object') return new GoLiteral('map[string]string(nil)');
  const entries = Object.entries(map as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new GoLiteral(`map[string]string{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(String(v))}`).join(', ')}}`);
}

/** The text of one error as the aggregate message shows it: `spec.containers: Required value`. */
export const fieldErrorText = (e: FieldError) => `${e.field}: ${e.message}`;

/**
 * The 422 Status kube-apiserver answers with (apierrors.NewInvalid): `Pod "x" is invalid: <error>`, or
 * `[<error>, <error>]` for several (identical texts once). `group` qualifies the kind: `Deployment.apps`.
 */
export function invalidStatus(kind: string, name: string, causes: FieldError[], group = ''): Record<string, unknown> {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const texts = [...new Set(causes.map(fieldErrorText))];
  const aggregate = texts.length === 0 ? '' : texts.length === 1 ? `: ${texts[0]}` : `: [${texts.join(', ')}]`;
  const details: Record<string, unknown> = { name };
  if (group) details.group = group;
  details.kind = kind;
  if (causes.length > 0) details.causes = causes.map((c) => ({ reason: c.type, message: c.message, field: c.field }));
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualifiedKind} "${name}" is invalid${aggregate}`,
    reason: 'Invalid',
    details,
    code: 422,
  };
}
