// The one age normaliser: ages as kubectl and kcurl print them (HumanDuration: 0s, 5m3s, 2d4h, 3y) move on
// between two runs a moment apart, so comparisons replace them with "<age>" first.

/** One human duration, not part of a longer word, number, address or path. */
const AGE_SOURCE = String.raw`(?<![\w.:/-])(?:\d+y(?:\d+d)?|\d+d(?:\d+h)?|\d+h(?:\d+m)?|\d+m(?:\d+s)?|\d+s)(?![\w.:/-])`;

/**
 * `text` with every age replaced by "<age>". With keepColumnWidth, an age followed by a table's column
 * padding keeps that combined width ("9s    v1" and "10s   v1", the same column one second apart, both
 * become "<age>" plus the same padding), so the rest of the row still lines up byte for byte.
 */
export function normaliseAges(text: string, opts: { keepColumnWidth?: boolean } = {}): string {
  if (!opts.keepColumnWidth) return text.replace(new RegExp(AGE_SOURCE, 'g'), '<age>');
  // The padding may run to the end of the line: the columns after AGE can all be empty (-L with no such label).
  return text.replace(new RegExp(`${AGE_SOURCE}( {2,}(?=\\S|$))?`, 'gm'), (m: string, padding?: string) =>
    padding ? `<age>${' '.repeat(m.length - 2)}` : '<age>',
  );
}
