// The generators of --show=LANG:client, one module per language, each a pure function of the snippet model that
// writes the program with that language's official Kubernetes client (src/snippet/lang/client-call.ts says which
// client operation sends each request).
import type { Snippet } from '../model.js';
import type { Program } from './program.js';
import { pythonClientProgram } from './client-python.js';
import { javascriptClientProgram } from './client-javascript.js';
import { goClientProgram } from './client-go.js';
import { javaClientProgram } from './client-java.js';
import { csharpClientProgram } from './client-csharp.js';

export const CLIENT_GENERATORS: Record<string, (s: Snippet) => Program> = {
  python: pythonClientProgram,
  javascript: javascriptClientProgram,
  go: goClientProgram,
  java: javaClientProgram,
  csharp: csharpClientProgram,
};
