// Which bundle each module goes into, from esbuild's module graph and the build's table of entry points
// (scripts/build.mjs explains the layout; test/unit/launcher/bundle-layout.test.ts pins the rules).

/**
 * `inputs` is esbuild's metafile.inputs (file → {imports: [{path, kind, external}]}); `bundles` lists the
 * bundles in placement order, the first being the hot one, each with the dynamically imported modules it
 * holds (`entries`); entries no bundle lists go to `defaultBundle`. The hot bundle gets `hotEntry` and its
 * entries with everything they import statically; every other module goes to the first bundle (in
 * `bundles` order) whose entries import it, statically, through modules not already placed. Returns
 * bundleOf (file → bundle name) and exported (bundle name → the files other bundles import from it).
 */
export function layoutBundles(inputs, { hotEntry, bundles, defaultBundle }) {
  const importsOf = (file) => (inputs[file]?.imports ?? []).filter((i) => !i.external);
  const edges = (file, dynamic) =>
    importsOf(file)
      .filter((i) => (i.kind === 'dynamic-import') === dynamic)
      .map((i) => i.path);
  const closure = (roots, stop = new Set()) => {
    const seen = new Set();
    const todo = [...roots];
    while (todo.length) {
      const f = todo.pop();
      if (seen.has(f) || stop.has(f)) continue;
      seen.add(f);
      todo.push(...edges(f, false));
    }
    return seen;
  };

  if (!bundles.some((b) => b.name === defaultBundle) || bundles[0].name === defaultBundle) {
    throw new Error(`the default bundle ${defaultBundle} must be one of the bundles after the hot one`);
  }
  const dynamicTargets = new Set(Object.keys(inputs).flatMap((f) => edges(f, true)));
  const bundleOfEntry = new Map();
  for (const b of bundles) {
    for (const f of b.entries) {
      if (!dynamicTargets.has(f)) throw new Error(`BUNDLES lists ${f} for ${b.name}, but nothing imports it dynamically`);
      if (bundleOfEntry.has(f)) throw new Error(`BUNDLES lists ${f} twice`);
      bundleOfEntry.set(f, b.name);
    }
  }
  const [hot, ...rest] = bundles;
  const hotModules = closure([hotEntry, ...hot.entries]);
  const entries = [...dynamicTargets].filter((f) => !hotModules.has(f)).sort();
  const bundleOf = new Map([...hotModules].map((f) => [f, hot.name]));
  for (const b of rest) {
    const own = entries.filter((f) => (bundleOfEntry.get(f) ?? defaultBundle) === b.name);
    const others = new Set(entries.filter((f) => !own.includes(f)));
    for (const f of closure(own, new Set([...bundleOf.keys(), ...others]))) bundleOf.set(f, b.name);
  }
  const unplaced = Object.keys(inputs).filter((f) => !bundleOf.has(f));
  if (unplaced.length) throw new Error(`modules in no bundle: ${unplaced.join(', ')}`);

  const exported = new Map(bundles.map((b) => [b.name, new Set()]));
  for (const [file, bundle] of bundleOf) {
    for (const i of importsOf(file)) if (bundleOf.get(i.path) !== bundle) exported.get(bundleOf.get(i.path)).add(i.path);
  }
  return { bundleOf, exported };
}
