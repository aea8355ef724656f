// --show=LANG[:FORM] (repeatable) and its alias --show-curl[=FORM]: which snippets a run prints, checked here.
// Kept free of the generators so parsing the flag costs nothing on the hot path.
import { usageError } from '../../errors.js';

/** The languages --show knows, with their forms; the first form is the default. */
export const LANGUAGES = {
  curl: ['readable', 'script', 'line'],
  python: ['http', 'client'],
  javascript: ['http', 'client'],
  go: ['http', 'client'],
  java: ['http', 'client'],
  csharp: ['http', 'client'],
  wget: ['http'],
  httpie: ['http'],
  haskell: ['http'],
  powershell: ['http'],
} as const satisfies Record<string, readonly string[]>;

export type Language = keyof typeof LANGUAGES;
export interface ShowSpec {
  lang: Language;
  form: string;
}

/** The snippets asked for, in order, without repeats; `--show-curl=FORM` is `--show=curl:FORM`. */
export function parseShow(values: readonly string[] | undefined, showCurl: string | undefined): ShowSpec[] {
  const out: ShowSpec[] = [];
  const add = (spec: ShowSpec) => {
    if (!out.some((o) => o.lang === spec.lang && o.form === spec.form)) out.push(spec);
  };
  if (showCurl) add({ lang: 'curl', form: showCurl });
  for (const value of values ?? []) {
    const [lang, form, ...extra] = value.split(':');
    const known = Object.keys(LANGUAGES) as Language[];
    if (!known.includes(lang as Language)) {
      throw usageError(
        `invalid argument "${value}" for "--show" flag: unknown language "${lang}"`,
        `use one of ${known.join(', ')}, optionally with :FORM (curl:line)`,
      );
    }
    const forms: readonly string[] = LANGUAGES[lang as Language];
    if (extra.length || (form !== undefined && !forms.includes(form))) {
      throw usageError(
        `invalid argument "${value}" for "--show" flag: ${lang} has no form "${[form, ...extra].join(':')}"`,
        `use one of ${forms.map((f) => `${lang}:${f}`).join(', ')}`,
      );
    }
    add({ lang: lang as Language, form: form ?? forms[0] });
  }
  return out;
}
