// Types for scripts/bundle-layout.mjs (imported by its unit test).
export interface MetafileInputs {
  [file: string]: { imports?: { path: string; kind: string; external?: boolean }[] };
}
export function layoutBundles(
  inputs: MetafileInputs,
  options: { hotEntry: string; bundles: readonly { name: string; entries: readonly string[] }[]; defaultBundle: string },
): { bundleOf: Map<string, string>; exported: Map<string, Set<string>> };
