// kcurl create -f and kcurl create token: usage, help text and flags (loaded on every run; the run code lazily).

import { defineFlags } from '../../cli/flags.js';
import type { CommandHelp, CommandOptions } from '../../cli/spec.js';

export const CREATE_HELP: CommandHelp = {
  usage: 'kcurl create -f FILENAME|DIR|URL|- [-R] [--content-type json|yaml] [--dry-run=none|client|server] [flags]',
  summary: 'Create objects from manifests (POST, as kubectl create -f)',
  examples: [
    ['Create the objects in pod.yaml', 'kcurl create -f pod.yaml'],
    ['Send the YAML document as written, the classic curl lesson', 'kcurl create -f pod.yaml --content-type yaml --show-curl'],
  ],
};

export const CREATE_FLAGS = defineFlags([
  { name: 'filename', short: 'f', type: 'array', desc: 'Files, directories, URLs or - (standard input) with the objects to create (repeatable)' },
  { name: 'recursive', short: 'R', type: 'boolean', desc: 'Process the directory used in -f recursively' },
  { name: 'content-type', type: 'string', desc: 'kcurl only: json (as kubectl) or yaml (each YAML document sent as written, Content-Type: application/yaml)', default: 'json', choices: ['json', 'yaml'] },
  { name: 'dry-run', type: 'string', suggest: ['none', 'client', 'server'], desc: 'none, client (send nothing) or server (dryRun=All)', default: 'none', noOptDefault: 'unchanged' },
  { name: 'field-manager', type: 'string', desc: 'Name of the manager tracking field ownership', default: 'kubectl-create' },
  { name: 'validate', type: 'string', suggest: ['strict', 'warn', 'ignore'], desc: 'strict (fieldValidation=Strict), warn or ignore', default: 'strict', noOptDefault: 'strict' },
  { name: 'save-config', type: 'boolean', desc: 'Store the configuration in the last-applied-configuration annotation (for a later apply)' },
  { name: 'output', short: 'o', type: 'string', suggest: ['json', 'yaml', 'name'], desc: 'Output format: name, json or yaml' },
] as const);

export type CreateFlags = CommandOptions<typeof CREATE_FLAGS>;

/** kubectl create token (pkg/cmd/create/create_token.go). */
export const CREATE_TOKEN_HELP: CommandHelp = {
  usage: 'kcurl create token SERVICE_ACCOUNT_NAME [--duration D] [--audience A] [--bound-object-kind K --bound-object-name N [--bound-object-uid U]]',
  summary: 'Request a service account token (TokenRequest)',
  examples: [
    ['Request a token for the service account "myapp" in the current namespace', 'kcurl create token myapp'],
    ['Request a token with a custom expiration and audience', 'kcurl create token myapp --duration 10m --audience https://example.com'],
  ],
};

export const CREATE_TOKEN_FLAGS = defineFlags([
  { name: 'duration', type: 'string', desc: 'Requested lifetime of the issued token (0: the server decides)' },
  { name: 'audience', type: 'array', stringArray: true, desc: 'Audience of the requested token (repeatable)' },
  { name: 'bound-object-kind', type: 'string', desc: 'Kind of an object to bind the token to: Node, Pod, Secret' },
  { name: 'bound-object-name', type: 'string', desc: 'Name of an object to bind the token to' },
  { name: 'bound-object-uid', type: 'string', desc: 'UID of an object to bind the token to' },
  { name: 'output', short: 'o', type: 'string', suggest: ['json', 'yaml', 'name'], desc: 'Print the TokenRequest instead of the token: json, yaml, name' },
] as const);

export type CreateTokenFlags = CommandOptions<typeof CREATE_TOKEN_FLAGS>;
