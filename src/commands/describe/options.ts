// kcurl describe: flags → DescribeOptions, validated without a server (kubectl describe's Complete).
import { usageError } from '../../errors.js';
import { validateLabelSelector } from '../../kube/selectors.js';
import { type GetTarget, parseTargets } from '../get/options.js';
import type { DescribeFlags } from './flags.js';

export interface DescribeOptions {
  targets: GetTarget[];
  /** -f FILE|DIR|-|URL: the objects to describe come from manifests (kubectl reads nothing before describing them). */
  filenames: string[];
  recursive: boolean;
  /** The arguments as given: `TYPE NAME_PREFIX` (exactly two) enables kubectl's name-prefix search. */
  args: string[];
  allNamespaces: boolean;
  labelSelector?: string;
  showEvents: boolean;
  chunkSize: number;
}

export function describeOptionsFromFlags(positionals: string[], flags: DescribeFlags): DescribeOptions {
  const filenames = (flags.filename ?? []).filter((f) => f !== '');
  if (filenames.length > 0) {
    if (positionals.length > 0) {
      // cli-runtime resource.Builder
      throw usageError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    }
    const labelSelector = flags.selector;
    if (labelSelector !== undefined) validateLabelSelector(labelSelector);
    return {
      targets: [],
      filenames,
      recursive: flags.recursive,
      args: [],
      allNamespaces: flags.allNamespaces,
      labelSelector,
      showEvents: flags.showEvents === undefined ? true : flags.showEvents,
      chunkSize: checkedChunkSize(flags),
    };
  }
  if (positionals.length === 0) {
    // kubectl describe's own wording.
    throw usageError('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const opts: DescribeOptions = {
    targets: parseTargets(positionals),
    filenames: [],
    recursive: false,
    args: positionals,
    allNamespaces: flags.allNamespaces,
    labelSelector: flags.selector,
    showEvents: flags.showEvents === undefined ? true : flags.showEvents,
    chunkSize: checkedChunkSize(flags),
  };
  if (opts.labelSelector !== undefined) validateLabelSelector(opts.labelSelector);
  if (opts.labelSelector !== undefined && opts.targets.some((t) => t.names.length > 0)) {
    // cli-runtime resource.Builder
    throw usageError('name cannot be provided when a selector is specified', 'give either names or -l');
  }
  return opts;
}

function checkedChunkSize(flags: DescribeFlags): number {
  const chunkSize = flags.chunkSize;
  if (!Number.isInteger(chunkSize) || chunkSize < 0) throw usageError(`--chunk-size must be a whole number ≥ 0, not ${flags.chunkSize}`);
  return chunkSize;
}
