// kubectl explain's text helpers: go-wordwrap's WrapString (kubectl's template "wrap"), sprig's indent, and the
// template's output for a small hand-made OpenAPI v3 document.
import { describe, expect, it } from 'vitest';
import { indent, renderExplain, wrap } from '../../../src/commands/explain/render.js';

describe('wrap (go-wordwrap WrapString)', () => {
  it.each([
    ['short text stays', 10, 'a b c', 'a b c'],
    ['breaks before the word that passes the limit', 10, 'aaaa bbbb cccc', 'aaaa bbbb\ncccc'],
    ['a word longer than the limit stays whole', 4, 'abcdefgh ij', 'abcdefgh\nij'],
    ['newlines are kept and restart the count', 10, 'aaaa\nbbbb cccc dddd', 'aaaa\nbbbb cccc\ndddd'],
    ['trailing newline kept', 76, 'Some text.\n', 'Some text.\n'],
  ])('%s', (_name, lim, text, want) => {
    expect(wrap(lim, text)).toBe(want);
  });
});

describe('indent (sprig)', () => {
  it('prefixes every line, the empty last one too', () => {
    expect(indent(4, 'a\nb\n')).toBe('    a\n    b\n    ');
  });
});

const doc = {
  paths: { '/api/v1/namespaces/{namespace}/widgets/{name}': { get: { 'x-kubernetes-group-version-kind': { group: '', kind: 'Widget', version: 'v1' } } } },
  components: {
    schemas: {
      'io.example.Widget': {
        description: 'A widget.',
        type: 'object',
        required: ['size'],
        properties: {
          size: { type: 'integer', description: 'How big.' },
          mode: { type: 'string', enum: ['', 'Fast', 'Slow'] },
          parts: { type: 'array', items: { $ref: '#/components/schemas/io.example.Part' } },
        },
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'Widget', version: 'v1' }],
      },
      'io.example.Part': { type: 'object', description: 'One part.', properties: { name: { type: 'string' } } },
    },
  },
};

describe('renderExplain', () => {
  it('prints the kind, its description and its fields sorted, with types, -required- and enums', () => {
    expect(renderExplain(doc, { group: '', version: 'v1', resource: 'widgets' }, [], false)).toBe(
      [
        'KIND:       Widget',
        'VERSION:    v1',
        '',
        'DESCRIPTION:',
        '    A widget.',
        '    ',
        'FIELDS:',
        '  mode\t<string>',
        '  enum: "", Fast, Slow',
        '    <no description>',
        '',
        '  parts\t<[]Part>',
        '    <no description>',
        '',
        '  size\t<integer> -required-',
        '    How big.',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('follows a field path through a list to the item schema', () => {
    const text = renderExplain(doc, { group: '', version: 'v1', resource: 'widgets' }, ['parts'], true);
    expect(text).toContain('FIELD: parts <[]Part>\n\n\nDESCRIPTION:\n    One part.\n');
    expect(text).toContain('FIELDS:\n  name\t<string>\n');
  });

  it('names a missing field as kubectl does', () => {
    expect(() => renderExplain(doc, { group: '', version: 'v1', resource: 'widgets' }, ['nope'], false)).toThrow('error: field "nope" does not exist');
  });
});
