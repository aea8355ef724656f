// Kubeconfigs in any YAML: parsed with the `yaml` package (YAML 1.1, go-yaml's nesting and alias limits), with
// positions for error messages. Loaded only for texts src/kube/kubeconfig-plain.ts declines, and to word an
// error, so the `yaml` package stays off the start-up path of kubectl-written kubeconfigs.
import { isAlias, isMap, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { configError } from '../errors.js';
import { checkAliasing, MAX_TEXT_NESTING, nestingBeyond, YamlDecodeError } from '../manifest/yaml11.js';

/**
 * The document's plain value (what the typed reader reads) and `where(path)`, the "line L, column C: " of the
 * deepest node on a field path that exists in the document. Syntax errors, nesting and aliasing beyond go-yaml's
 * limits throw KcurlError lines starting with `prefix`.
 */
export function parseKubeconfigYaml(text: string, prefix: string, source: string): { top: unknown; where: (path: readonly (string | number)[]) => string } {
  const lineCounter = new LineCounter();
  const deep = nestingBeyond(text);
  if (deep >= 0) {
    const line = text.slice(0, deep).split('\n').length;
    throw configError(
      `${prefix}: yaml: line ${line}: document is nested too deeply`,
      `a kubeconfig nests a few levels; this one nests deeper than the ${MAX_TEXT_NESTING} kcurl reads`,
    );
  }
  const doc = parseDocument(text, { lineCounter, version: '1.1', prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const message = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw configError(`${prefix}: yaml: line ${pos.line}, column ${pos.col}: ${message}`);
  }
  try {
    // go-yaml's alias limit, as kubectl applies it to kubeconfigs too; toJS then shares what aliases point at.
    checkAliasing(doc, (node) => (node.range ? { line: lineCounter.linePos(node.range[0]).line, column: lineCounter.linePos(node.range[0]).col } : undefined));
  } catch (e) {
    if (!(e instanceof YamlDecodeError)) throw e;
    throw configError(`${prefix}: yaml: ${e.message}`, e.position && e.hint({ ...e.position, source }));
  }
  const where = (path: readonly (string | number)[]): string => {
    let node: unknown = doc.contents;
    let found: Node | undefined = isMap(node) || isSeq(node) ? (node as Node) : undefined;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node) || isSeq(node)) {
        const next = (node as { get(k: unknown, keep: true): unknown }).get(seg, true);
        if (next === undefined) break;
        node = next;
        if (next && typeof next === 'object' && 'range' in (next as object)) found = next as Node;
      } else break;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return '';
    const pos = lineCounter.linePos(offset);
    return `line ${pos.line}, column ${pos.col}: `;
  };
  return { top: doc.toJS({ maxAliasCount: -1 }) as unknown, where };
}
