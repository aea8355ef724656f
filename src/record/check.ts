// What a recording loaded for replay may hold. A recording is shared data (a HAR from a colleague, a
// journal from a bug report): every method, header and target is checked on load, so nothing that could
// run as shell code (a method `GET $(…)`) or break an HTTP message reaches a script or a replay server,
// and command lines recorded before credential flags were redacted are redacted on the way in.
import { inputError } from '../errors.js';
import { redactArgv } from '../render/command-line.js';
import { shellJoin } from '../render/shell-quote.js';
import type { Exchange } from './exchange.js';

/** RFC 9110 token: the syntax of a method and of a header name. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** A header value or status text: visible characters, spaces and tabs (no CR, LF or other controls), as Node's HTTP accepts them. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
/** A request target: visible ASCII only (no spaces, quotes are fine once quoted). */
const TARGET = /^[\x21-\x7e]+$/;

const HOW = 'the recording was edited or comes from a tool kcurl cannot trust; fix or remove that entry';

/** Throws one clear line (file, entry, field and the bad value) for the first value that is not well-formed. */
export function checkExchangeSyntax(ex: Exchange, where: string): void {
  const bad = (field: string, value: string, what: string) => inputError(`${where}: ${field} ${JSON.stringify(value)} is not ${what}`, HOW);
  if (!TOKEN.test(ex.request.method)) throw bad('request.method', ex.request.method, "an HTTP method (a token of letters, digits and !#$%&'*+-.^_`|~)");
  let url: URL;
  try {
    url = new URL(ex.request.url);
  } catch {
    throw bad('request.url', ex.request.url, 'an absolute URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !TARGET.test(ex.request.url)) {
    throw bad('request.url', ex.request.url, 'an http or https URL of visible characters');
  }
  const headers = (list: [string, string][], field: string) =>
    list.forEach(([name, value], i) => {
      if (!TOKEN.test(name)) throw bad(`${field}[${i}].name`, name, 'a header name (a token)');
      if (!FIELD_VALUE.test(value)) throw bad(`${field}[${i}].value`, value, 'a header value (no line breaks or control characters)');
    });
  headers(ex.request.headers, 'request.headers');
  if (ex.response) {
    if (!Number.isInteger(ex.response.status) || ex.response.status < 100 || ex.response.status > 999) {
      throw bad('response.status', String(ex.response.status), 'an HTTP status code (100-999)');
    }
    if (!FIELD_VALUE.test(ex.response.statusText))
      throw bad('response.statusText', ex.response.statusText, 'a status text (no line breaks or control characters)');
    headers(ex.response.headers, 'response.headers');
  }
}

/**
 * Splits a command line as kcurl stores it (shell-quoted words) back into words: bare runs, '…' and "…"
 * with backslash escapes. Undefined when it does not parse (an unclosed quote).
 */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        word += text[j];
      }
      if (j >= text.length) return undefined;
      i = j;
    } else if (c === '\\' && i + 1 < text.length) word += text[++i];
    else word += c;
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * A recorded command line with credential flag values redacted (recordings made before kcurl redacted
 * them hold `--token X` literally). A line that does not split into words is replaced whole.
 */
export function redactRecordedCommand(command: string): string {
  if (!command) return command;
  const words = shellWords(command);
  if (!words) return '<redacted: a command line that could not be read>';
  const redacted = redactArgv(words);
  return redacted.some((w, i) => w !== words[i]) ? shellJoin(redacted) : command;
}
