// Labels and label selectors as text, the way apimachinery prints them in Tables
// (labels.FormatLabels, metav1.FormatLabelSelector, labels.Selector.String()).

import { compareCodePoints, goSprint } from './go-format.js';

type LabelMap = Record<string, unknown> | undefined | null;

interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/**
 * labels.FormatLabels: `a=1,b=2` sorted by key in Go's byte order, `<none>` when empty. A value that is not a
 * string (a hand-written object) prints as fmt.Sprint prints what kubectl's decoder made of it.
 */
export function formatLabels(labels: LabelMap): string {
  const keys = Object.keys(labels ?? {}).sort(compareCodePoints);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${goSprint((labels as Record<string, unknown>)[k])}`).join(',');
}

/**
 * metav1.LabelSelectorAsSelector(sel).String(): requirements sorted by key; undefined means "invalid operator".
 * A nil or empty selector prints as the empty string.
 */
export function labelSelectorString(selector: unknown): string | undefined {
  if (!selector || typeof selector !== 'object') return '';
  const sel = selector as LabelSelector;
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) requirements.push({ key, text: `${key}=${value}` });
  for (const expr of sel.matchExpressions ?? []) {
    const values = [...(expr.values ?? [])].sort(compareCodePoints);
    switch (expr.operator) {
      case 'In':
        requirements.push({ key: expr.key, text: `${expr.key} in (${values.join(',')})` });
        break;
      case 'NotIn':
        requirements.push({ key: expr.key, text: `${expr.key} notin (${values.join(',')})` });
        break;
      case 'Exists':
        requirements.push({ key: expr.key, text: expr.key });
        break;
      case 'DoesNotExist':
        requirements.push({ key: expr.key, text: `!${expr.key}` });
        break;
      default:
        return undefined;
    }
  }
  // sort.Sort(ByKey): the sort is not stable, but keys are unique in practice.
  requirements.sort((a, b) => compareCodePoints(a.key, b.key));
  return requirements.map((r) => r.text).join(',');
}

/** metav1.FormatLabelSelector: `<error>` for a bad operator, `<none>` when it selects nothing or everything. */
export function formatLabelSelector(selector: unknown): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/**
 * The generated (*metav1.LabelSelector).String() (what `%v` of a selector prints in Go):
 * `&LabelSelector{MatchLabels:map[string]string{a: x,},MatchExpressions:[]LabelSelectorRequirement{…},}`.
 */
export function labelSelectorGoString(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return 'nil';
  const sel = selector as LabelSelector;
  const labels = sel.matchLabels ?? {};
  const matchLabels = Object.keys(labels)
    .sort(compareCodePoints)
    .map((k) => `${k}: ${labels[k]},`)
    .join('');
  const expressions = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${matchLabels}},MatchExpressions:[]LabelSelectorRequirement{${expressions}},}`;
}
