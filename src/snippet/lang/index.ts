// The generators of --show=LANG: one module per language, each a pure function of the snippet model, wrapped in
// the bash that runs it (src/snippet/lang/program.ts). Loaded only when a program is asked for.
import type { Snippet } from '../model.js';
import { type Program, runnableProgram } from './program.js';
import { pythonProgram } from './python.js';
import { javascriptProgram } from './javascript.js';
import { goProgram } from './go.js';
import { javaProgram } from './java.js';
import { csharpProgram } from './csharp.js';
import { wgetProgram } from './wget.js';
import { httpieProgram } from './httpie.js';
import { haskellProgram } from './haskell.js';
import { powershellProgram } from './powershell.js';
import type { ShowSpec } from './show.js';
import { CLIENT_GENERATORS } from './client-generators.js';

const GENERATORS: Record<Exclude<ShowSpec['lang'], 'curl'>, (s: Snippet) => Program> = {
  python: pythonProgram,
  javascript: javascriptProgram,
  go: goProgram,
  java: javaProgram,
  csharp: csharpProgram,
  wget: wgetProgram,
  httpie: httpieProgram,
  haskell: haskellProgram,
  powershell: powershellProgram,
};

/** The bash text that runs the snippet's requests as a program of the chosen language. */
export function renderProgram(s: Snippet, spec: ShowSpec): string {
  if (spec.lang === 'curl') throw new Error('the curl snippet is rendered by src/render/curl.ts');
  if (spec.form === 'client') return runnableProgram(s, `${spec.lang} client`, CLIENT_GENERATORS[spec.lang](s));
  return runnableProgram(s, spec.lang, GENERATORS[spec.lang](s));
}
