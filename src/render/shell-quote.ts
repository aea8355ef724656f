// The one POSIX-shell quoting function and the one comment-line function. Every value that reaches a
// snippet passes through shellQuote; every line of text printed into a script as a comment through shellComment.

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

/**
 * A comment that stays a comment: every line of the text gets its own prefix, so a name holding a newline
 * (or a carriage return, which some terminals and editors show as a line break) cannot end the comment and
 * start a command. The one function for comment lines in anything kcurl prints as a script.
 */
export function shellComment(text: string, prefix = '# '): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `${prefix}${line}`)
    .join('\n');
}
