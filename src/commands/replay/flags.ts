// kcurl replay: its usage, help text and flags. The registry (src/cli/registry.ts) loads this on every run;
// the run code is imported only when the command runs.

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const REPLAY_HELP: CommandHelp = {
  usage: 'kcurl replay FILE(.jsonl|.har) [--to-script | --to=LANG | --to-har OUT.har | --serve [--port N] | --writes]',
  summary: 'Turn a recording into a curl script or a HAR file, re-send it and compare, or serve it as a read-only API server',
  examples: [
    ['Re-send the recorded reads against the current context and report what changed', 'kcurl replay session.jsonl'],
    ['A bash script of curl lines that reproduces the recording', 'kcurl replay session.jsonl --to-script > replay.sh'],
    ['A Python program (or go, java, … as --show=LANG knows them) that sends the recorded requests', 'kcurl replay session.jsonl --to=python > replay.sh'],
    ['Convert a journal to HAR for browser devtools', 'kcurl replay session.jsonl --to-har session.har'],
    ['Serve the recording offline; point kubectl at it', 'kcurl replay session.jsonl --serve --port 8002 & kubectl --server http://127.0.0.1:8002 get pods'],
  ],
};

export const REPLAY_FLAGS = defineFlags([
  { name: 'to-script', type: 'boolean', desc: 'Print a bash script of curl commands that sends the recorded requests' },
  {
    name: 'to',
    type: 'string',
    desc: 'Print the recorded requests as a program in this language, run by bash as --show=LANG[:FORM] prints it (the languages of --show; curl is --to-script)',
  },
  { name: 'to-har', type: 'string', desc: 'Write the recording as HAR 1.2 to this file' },
  { name: 'serve', type: 'boolean', desc: 'Serve the recorded responses as a read-only API server' },
  { name: 'port', short: 'p', type: 'number', desc: 'Port for --serve (0 picks a free one)', default: 8001 },
  { name: 'address', type: 'string', desc: 'Address for --serve', default: '127.0.0.1' },
  { name: 'writes', type: 'boolean', desc: 'Also re-send recorded writes (POST, PUT, PATCH, DELETE); by default only reads are re-sent' },
] as const);

export type ReplayFlags = CommandOptions<typeof REPLAY_FLAGS>;
