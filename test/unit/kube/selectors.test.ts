// Label and field selector grammar. The label-selector error texts were produced by kubectl v1.32's own
// apimachinery (`kubectl create pdb x --selector=… --dry-run=client`, which runs labels.Parse client-side).
import { describe, expect, it } from 'vitest';
import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  validateFieldSelector,
  validateLabelSelector,
  type Requirement,
} from '../../../src/kube/selectors.js';

const QNAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const reasonOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SelectorError);
    return (e as SelectorError).reason;
  }
  throw new Error('expected a SelectorError');
};

describe('parseLabelSelector', () => {
  it.each<[string, Requirement[]]>([
    ['', []],
    ['   ', []],
    ['run=nginx', [{ key: 'run', operator: '=', values: ['nginx'] }]],
    ['app==web', [{ key: 'app', operator: '==', values: ['web'] }]],
    ['tier!=db', [{ key: 'tier', operator: '!=', values: ['db'] }]],
    ['env in (prod, qa)', [{ key: 'env', operator: 'in', values: ['prod', 'qa'] }]],
    ['env notin (qa,prod,qa)', [{ key: 'env', operator: 'notin', values: ['prod', 'qa'] }]],
    ['canary', [{ key: 'canary', operator: 'exists', values: [] }]],
    ['!canary', [{ key: 'canary', operator: '!', values: [] }]],
    ['a==', [{ key: 'a', operator: '==', values: [''] }]],
    ['a in ()', [{ key: 'a', operator: 'in', values: [''] }]],
    ['a notin (x,,y)', [{ key: 'a', operator: 'notin', values: ['', 'x', 'y'] }]],
    ['in=in', [{ key: 'in', operator: '=', values: ['in'] }]],
    ['replicas>1', [{ key: 'replicas', operator: 'gt', values: ['1'] }]],
    ['replicas<10', [{ key: 'replicas', operator: 'lt', values: ['10'] }]],
    ['example.com/app=web', [{ key: 'example.com/app', operator: '=', values: ['web'] }]],
    [
      'z=1,!b, a in (x),d notin (y),e!=z',
      [
        { key: 'a', operator: 'in', values: ['x'] },
        { key: 'b', operator: '!', values: [] },
        { key: 'd', operator: 'notin', values: ['y'] },
        { key: 'e', operator: '!=', values: ['z'] },
        { key: 'z', operator: '=', values: ['1'] },
      ],
    ],
  ])('%j', (selector, requirements) => {
    expect(parseLabelSelector(selector)).toEqual(requirements);
    expect(() => validateLabelSelector(selector)).not.toThrow();
  });

  it.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['-a=b', `unable to parse requirement: <nil>: Invalid value: "-a": name part ${QNAME_RULE}`],
    ['a=-b', `unable to parse requirement: values[0][a]: Invalid value: "-b": ${VALUE_RULE}`],
    ['a>-1', `unable to parse requirement: values[0][a]: Invalid value: "-1": ${VALUE_RULE}`],
    ['a in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a=b,', "found '', expected: identifier after ','"],
    ['!a=b', "found '=', expected: ',' or 'end of string'"],
    ['a>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'x/y/z',
      `unable to parse requirement: <nil>: Invalid value: "x/y/z": a qualified name ${QNAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    [',a', "found ',', expected: !, identifier, or 'end of string'"],
    ['==', "found '==', expected: !, identifier, or 'end of string'"],
    [
      'Example.com/a=b',
      "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
    ['/a', 'unable to parse requirement: <nil>: Invalid value: "/a": prefix part must be non-empty'],
    ['a/', `unable to parse requirement: <nil>: Invalid value: "a/": name part must be non-empty; name part ${QNAME_RULE}`],
    ['a in (b c)', "unable to parse requirement: found 'c', expected: ',' or ')'"],
    ['a in (b,', "unable to parse requirement: found '', expected: ',', or identifier"],
    ['a=(b', "unable to parse requirement: found '(', expected: identifier"],
    ['=<', "found '=', expected: !, identifier, or 'end of string'"],
    ['a=b,,c', "found ',', expected: identifier after ','"],
    ['a gt 1', "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt"],
    ['a'.repeat(64), `unable to parse requirement: <nil>: Invalid value: "${'a'.repeat(64)}": name part must be no more than 63 characters`],
  ])('%j fails like apimachinery: %s', (selector, reason) => {
    expect(reasonOf(() => parseLabelSelector(selector))).toBe(reason);
  });

  it('fails with one line naming the selector, and a hint', () => {
    let err: SelectorError | undefined;
    try {
      validateLabelSelector('app in prod');
    } catch (e) {
      err = e as SelectorError;
    }
    expect(err?.code).toBe('KCURL_USAGE');
    expect(err?.message).toBe(`invalid label selector "app in prod": unable to parse requirement: found 'prod' expected: '('`);
    expect(err?.message).not.toContain('\n');
    expect(err?.hint).toContain("'key in (a,b)'");
  });
});

describe('matchesLabels', () => {
  const labels = { app: 'web', tier: 'frontend', replicas: '3' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['tier in (frontend,backend)', true],
    ['tier notin (frontend)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['replicas>2', true],
    ['replicas>3', false],
    ['replicas<4', true],
    ['app>1', false],
    ['app=web,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['missing=', false],
  ])('%j on %j → %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('treats absent labels as an empty set', () => {
    expect(matchesLabels(parseLabelSelector('!a'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('a'), undefined)).toBe(false);
  });
});

describe('parseFieldSelector', () => {
  it.each([
    ['', []],
    ['metadata.name=nginx', [{ key: 'metadata.name', op: '=', value: 'nginx' }]],
    ['status.phase==Running', [{ key: 'status.phase', op: '==', value: 'Running' }]],
    ['spec.nodeName!=', [{ key: 'spec.nodeName', op: '!=', value: '' }]],
    ['type=kubernetes.io/service-account-token', [{ key: 'type', op: '=', value: 'kubernetes.io/service-account-token' }]],
    // terms come back sorted, as apimachinery sorts them
    [
      'involvedObject.uid=u1,involvedObject.name=nginx,,involvedObject.namespace=default',
      [
        { key: 'involvedObject.name', op: '=', value: 'nginx' },
        { key: 'involvedObject.namespace', op: '=', value: 'default' },
        { key: 'involvedObject.uid', op: '=', value: 'u1' },
      ],
    ],
    ['a=x\\,y\\=z\\\\', [{ key: 'a', op: '=', value: 'x,y=z\\' }]],
    ['a!b=c', [{ key: 'a!b', op: '=', value: 'c' }]],
  ])('%j', (selector, terms) => {
    expect(parseFieldSelector(selector)).toEqual(terms);
    expect(() => validateFieldSelector(selector)).not.toThrow();
  });

  it.each([
    ['phase', "invalid selector: 'phase'; can't understand 'phase'", `invalid field selector "phase": can't understand 'phase'`],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61', 'invalid field selector "a=b=c": unescaped character in value: 61'],
    ['a=b\\n', 'invalid field selector: invalid escape sequence: \\n', 'invalid field selector "a=b\\\\n": invalid escape sequence: \\n'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\', 'invalid field selector "a=b\\\\": invalid escape sequence: \\'],
  ])('%j fails: %s', (selector, reason, message) => {
    expect(reasonOf(() => parseFieldSelector(selector))).toBe(reason);
    expect(() => validateFieldSelector(selector)).toThrow(message);
  });
});

describe('matchesFields', () => {
  const fields = { 'metadata.name': 'nginx', 'status.phase': 'Running' };
  it.each([
    ['metadata.name=nginx', true],
    ['metadata.name!=nginx', false],
    ['status.phase==Running,metadata.name=nginx', true],
    ['status.phase=Pending', false],
    ['spec.nodeName=', true],
    ['spec.nodeName!=', false],
  ])('%j → %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), fields)).toBe(expected);
  });
});
