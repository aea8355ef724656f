// JSONPath beyond the kubectl goldens: parse errors in client-go's words, missing keys with and without
// allowMissingKeys, filters, ranges and kubectl's relaxed expressions.
import { describe, expect, it } from 'vitest';
import { KcurlError } from '../../../src/errors.js';
import {
  JsonPathError,
  executeJsonPath,
  findResults,
  parseJsonPathTemplate,
  parseTemplateRaw,
  relaxedJsonPathExpression,
} from '../../../src/output/jsonpath.js';

const data = {
  kind: 'List',
  items: [
    { metadata: { name: 'a', labels: { 'app.kubernetes.io/name': 'x', tier: 'web' } }, spec: { replicas: 1, ratio: 0.5, ok: true, ports: [80, 443] } },
    { metadata: { name: 'b', labels: {} }, spec: { replicas: 3, ratio: 1.5, ok: false, ports: [] } },
    { metadata: { name: 'c' }, spec: { paused: null } },
  ],
};
const run = (template: string, allowMissingKeys = true) => executeJsonPath(parseJsonPathTemplate(template), data, { allowMissingKeys });

describe('executeJsonPath', () => {
  it.each([
    ['{.kind}', 'List'],
    ['{.items[*].metadata.name}', 'a b c'],
    ['{.items[0].spec.ports}', '[80,443]'],
    ['{.items[0].spec.ports[*]}', '80 443'],
    ['{.items[*].spec.replicas}', '1 3'],
    ['{.items[2].spec.paused}', 'null'],
    ['{.items[?(@.spec.replicas>1)].metadata.name}', 'b'],
    ['{.items[?(@.spec.replicas==1)].metadata.name}', 'a'],
    ['{.items[?(@.spec.ratio<1.0)].metadata.name}', 'a'],
    ['{.items[?(@.spec.ok==true)].metadata.name}', 'a'],
    ['{.items[?(@.metadata.labels.tier)].metadata.name}', 'a'],
    ['{.items[?(@.metadata.name!="b")].metadata.name}', 'a c'],
    ['{.items[0].metadata.labels.app\\.kubernetes\\.io/name}', 'x'],
    ["{.items[0].metadata.labels['tier']}", 'web'],
    ['{range .items[*]}[{.metadata.name}]{end}', '[a][b][c]'],
    ['{range .items[*].spec.ports[*]}{@};{end}', '80;443;'],
    ['{range .items[?(@.x)]}{.y}{end}after', 'after'],
    ['{.items[-1].metadata.name}', 'c'],
    ['{.items[:-1].metadata.name}', 'a b'],
    ['{.items[0:3:2].metadata.name}', 'a c'],
    ['{.items[1,2].metadata.name}', 'b c'],
    ['{.items[0].spec.*}', 'true [80,443] 0.5 1'],
    ['{.items[0].spec.ratio==1}', ''],
    ['{.items[0].metadata.name.*}', '97'],
    ['{.nothing}', ''],
    ["{\"a\\tb\"}{'c\\'d'}", "a\tbc'd"],
    ['{.items[0].metadata.name} {.items[1].metadata.name}', 'a b'],
    ['{$.kind}{@.kind}', 'ListList'],
    ['{.items[0].spec.ports[0:0]}', ''],
  ])('%s → %j', (template, want) => {
    expect(run(template)).toBe(want);
  });

  it('reports a missing key when missing keys are not allowed', () => {
    expect(() => run('{.items[*].nope}', false)).toThrowError(/Error executing template: nope is not found$/);
  });

  it.each([
    ['{.items[?(@.spec.ratio==1)]}', 'incompatible types for comparison'],
    ['{.items[?(@.spec.paused==1)]}', 'invalid type for comparison'],
    ['{.items[?(@.spec.ok<true)]}', 'invalid type for comparison'],
    ['{.items[?(@.spec.ports==1)]}', 'invalid type for comparison'],
    ['{.items[?(@.spec.ports[*]==1)]}', 'can only compare one element at a time'],
    ['{.items[?(@.metadata.name=!"a")]}', 'unrecognized filter operator =!'],
    ['{.items[9]}', 'array index out of bounds: index 9, length 3'],
    ['{.items[1:0]}', 'starting index 1 is greater than ending index 0'],
  ])('%s fails with "%s"', (template, message) => {
    expect(() => run(template)).toThrowError(
      new KcurlError('KCURL_USAGE', `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${message}`),
    );
  });
});

describe('parseJsonPathTemplate', () => {
  it.each([
    ['{.a[', 'unterminated array'],
    ['{.a', 'unclosed action'],
    ['{.a\n}', 'unclosed action'],
    ['{.a[?(@.b == "x"', 'unterminated filter'],
    ['{.a[?(@.b)x}', 'unclosed array expect ]'],
    ['{"x}', 'unterminated quoted string'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    ['{.a[1:x]}', 'invalid array index 1:x'],
    ['{.a[-]}', 'array index - is not a number'],
    ['{1.2.3}', 'cannot parse number 1.2.3'],
    ['{....a}', 'invalid multiple recursive descent'],
    ['{.a\t}', 'unrecognized character in action: U+0009'],
    ['{%}', "unrecognized character in action: U+0025 '%'"],
  ])('%j → %s', (template, message) => {
    expect(() => parseJsonPathTemplate(template)).toThrowError(new KcurlError('KCURL_USAGE', `error parsing jsonpath ${template}, ${message}`));
    expect(() => parseTemplateRaw(template)).toThrowError(new JsonPathError(message));
  });

  it('keeps text outside braces and splits actions into nodes', () => {
    const t = parseJsonPathTemplate('name={.metadata.name}!');
    expect(t.root.nodes.map((n) => n.type)).toEqual(['text', 'list', 'text']);
    expect(findResults(t, { metadata: { name: 'x' } })).toEqual([['name='], ['x'], ['!']]);
  });
});

describe('relaxedJsonPathExpression', () => {
  it.each([
    ['.metadata.name', '{.metadata.name}'],
    ['metadata.name', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['', ''],
  ])('%j → %j', (input, want) => {
    expect(relaxedJsonPathExpression(input)).toBe(want);
  });

  it('rejects braces in the middle', () => {
    expect(() => relaxedJsonPathExpression('{.a}{.b}')).toThrowError(/unexpected path string/);
  });
});
