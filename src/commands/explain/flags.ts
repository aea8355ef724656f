// kcurl explain: usage, help text and flags (loaded on every run; the run code lazily).
import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const EXPLAIN_HELP: CommandHelp = {
  usage: 'kcurl explain TYPE[.FIELD.PATH] [--recursive] [--api-version=GROUP/VERSION]',
  summary: "Describe a resource's fields from the server's OpenAPI v3 (GET /openapi/v3, then the group-version document)",
  examples: [
    ['Get the documentation of the resource and its fields', 'kcurl explain pods'],
    ['Get all the fields in the resource', 'kcurl explain pods --recursive'],
    ['Get the documentation of a specific field of a resource', 'kcurl explain pods.spec.containers'],
  ],
};

export const EXPLAIN_FLAGS = defineFlags([
  { name: 'recursive', type: 'boolean', desc: 'Print the names of all the fields recursively, without descriptions' },
  { name: 'api-version', type: 'string', desc: 'Use this api-version (group/version) of the resource' },
  { name: 'output', type: 'string', suggest: ['plaintext'], desc: 'Format in which to render the schema: plaintext', default: 'plaintext' },
] as const);

export type ExplainFlags = CommandOptions<typeof EXPLAIN_FLAGS>;
