// kcurl get: flags → GetOptions, and validation that needs no server (kubectl get's Complete/Validate).
import { usageError } from '../../errors.js';
import { validateFieldSelector, validateLabelSelector } from '../../kube/selectors.js';
import type { GetFlags } from './flags.js';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' }
  | { kind: 'yaml' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

export interface GetTarget {
  /** The type as typed (pods, deploy, deployments.apps). */
  type: string;
  /** Names; empty means list. */
  names: string[];
}

export interface GetOptions {
  targets: GetTarget[];
  allNamespaces: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  output: OutputFormat;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: string[];
  chunkSize: number;
  sortBy?: string;
}

export function parseOutput(value: string | undefined): OutputFormat {
  if (value === undefined || value === '') return { kind: 'table', wide: false };
  if (value === 'wide') return { kind: 'table', wide: true };
  if (value === 'json' || value === 'yaml' || value === 'name') return { kind: value };
  const m = /^(jsonpath|jsonpath-as-json|custom-columns)=(.*)$/s.exec(value);
  if (m && m[1] === 'custom-columns') return { kind: 'custom-columns', spec: m[2] };
  if (m && m[1] === 'jsonpath') return { kind: 'jsonpath', template: m[2] };
  if (value === 'go-template' || value.startsWith('go-template=') || value.startsWith('go-template-file=') || value === 'template') {
    throw usageError(`output format "${value.split('=')[0]}" is not supported by kcurl`, 'use -o jsonpath=… or -o json with jq');
  }
  throw usageError(
    `unable to match a printer suitable for the output format "${value}"`,
    'allowed formats are: custom-columns, json, jsonpath, name, wide, yaml',
  );
}

/**
 * kubectl's argument forms: `TYPE [NAME…]`, `TYPE1,TYPE2 [NAME…]`, `TYPE/NAME…`.
 * (cli-runtime resource.Builder ResourceTypeOrNameArgs)
 */
export function parseTargets(args: string[]): GetTarget[] {
  if (args.length === 0) {
    throw usageError(
      'You must specify the type of resource to get',
      'use "kcurl api-resources" or "kubectl api-resources" for a complete list of supported resources (e.g. kcurl get pods)',
    );
  }
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) {
      throw usageError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kcurl get resource/<resource_name>' instead of 'kcurl get resource resource/<resource_name>'",
      );
    }
    const targets: GetTarget[] = [];
    for (const arg of args) {
      const [type, ...rest] = arg.split('/');
      const name = rest.join('/');
      if (!type || !name) throw usageError(`arguments in resource/name form must have a single resource and name: "${arg}"`);
      const existing = targets.find((t) => t.type === type);
      if (existing) existing.names.push(name);
      else targets.push({ type, names: [name] });
    }
    return targets;
  }
  const [types, ...names] = args;
  const typeList = types.split(',').filter((t) => t !== '');
  if (typeList.length === 0) throw usageError(`"${types}" is not a resource type`);
  return typeList.map((type) => ({ type, names: [...names] }));
}

export function getOptionsFromFlags(positionals: string[], flags: GetFlags): GetOptions {
  const opts: GetOptions = {
    targets: parseTargets(positionals),
    allNamespaces: flags.allNamespaces,
    labelSelector: flags.selector,
    fieldSelector: flags.fieldSelector,
    output: parseOutput(flags.output),
    noHeaders: flags.noHeaders,
    showLabels: flags.showLabels,
    labelColumns: flags.labelColumns ?? [],
    chunkSize: flags.chunkSize,
    sortBy: flags.sortBy,
  };
  validateGet(opts);
  return opts;
}

export function validateGet(opts: GetOptions): void {
  const named = opts.targets.some((t) => t.names.length > 0);
  if (named && opts.allNamespaces) throw usageError('a resource cannot be retrieved by name across all namespaces');
  if (named && opts.labelSelector !== undefined) {
    // cli-runtime resource.Builder
    throw usageError('name cannot be provided when a selector is specified', 'give either names or -l');
  }
  if (opts.labelSelector !== undefined) validateLabelSelector(opts.labelSelector);
  if (opts.fieldSelector !== undefined) validateFieldSelector(opts.fieldSelector);
  if (opts.chunkSize < 0 || !Number.isInteger(opts.chunkSize)) throw usageError(`--chunk-size must be a whole number ≥ 0, not ${opts.chunkSize}`);
}
