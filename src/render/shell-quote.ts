// The one POSIX-shell quoting function. Every value that reaches a snippet passes through it.

const BARE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * Quotes a string so that bash (or any POSIX shell) reads it back as exactly one word with the same bytes:
 * safe runs stay bare, the empty string becomes '', anything else is single-quoted with ' written as '\''.
 */
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (BARE.test(value)) return value;
  return "'" + value.replace(/'/g, "'\\''") + "'";
}

/** Quotes each word and joins them with spaces. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * A heredoc delimiter that does not occur as a line of the body, so a quoted heredoc
 * (<<'EOF') carries the body verbatim.
 */
export function heredocDelimiter(body: string, base = 'KCURL_BODY'): string {
  const lines = new Set(body.split('\n'));
  let delimiter = base;
  for (let i = 1; lines.has(delimiter); i++) delimiter = `${base}_${i}`;
  return delimiter;
}
