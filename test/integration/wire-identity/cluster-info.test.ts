// kubectl cluster-info and kcurl cluster-info, row by row: the same list request, the same text and errors; and
// cluster-info dump's lists and logs, printed or written to the same files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KCURL_BIN } from '../../helpers/run-kcurl.js';
import { PINNED_KUBECTL, requireTool } from '../../helpers/require-tool.js';
import { CLEAN_PATH, startProcess } from '../../helpers/spawn.js';
import { defineRowSuites } from './harness.js';
import { CLUSTER_INFO_DUMP_ROWS, CLUSTER_INFO_NS, CLUSTER_INFO_ROWS, DUMP_NS, seedClusterInfo, seedDump } from './table-cluster-info.js';

const env = defineRowSuites(
  {
    namespaces: [CLUSTER_INFO_NS, DUMP_NS],
    prepare: async (env) => {
      await seedClusterInfo(env.ops);
      await seedDump(env.ops);
    },
  },
  { title: 'cluster-info: kcurl sends and prints what kubectl v1.32 does', rows: CLUSTER_INFO_ROWS },
  {
    title: 'cluster-info dump: kcurl sends and prints what kubectl v1.32 does',
    rows: CLUSTER_INFO_DUMP_ROWS,
    check: (result) => {
      // The rows that print wire-dump's pods to stdout carry the seeded pod's logs between kubectl's markers.
      const out = result.kcurl.out.stdout;
      const marker = (c: string, edge: string) => `==== ${edge} logs for container ${c} of pod wire-dump/talker ====\n`;
      if (out.includes('"name": "talker"') || out.includes('name: talker'))
        expect(out).toContain(
          `${marker('init', 'START')}init done\n${marker('init', 'END')}${marker('main', 'START')}hello from main\n${marker('main', 'END')}`,
        );
    },
  },
);

/** Every file under dir, relative path → text. */
function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = join(prefix, name);
    if (statSync(join(dir, rel)).isDirectory()) Object.assign(out, tree(dir, rel));
    else out[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return out;
}

describe('cluster-info dump --output-directory', () => {
  it.each(['json', 'yaml'])('kcurl writes the files kubectl writes, with the same text (-o %s)', async (format) => {
    const { kubeconfig, workdir } = env();
    const run = async (command: string[], out: string) => {
      const p = startProcess(
        command[0],
        [...command.slice(1), 'cluster-info', 'dump', '--namespaces', `${DUMP_NS},${CLUSTER_INFO_NS}`, '-o', format, `--output-directory=${out}`],
        {
          env: { PATH: CLEAN_PATH, HOME: workdir, KUBECONFIG: kubeconfig },
          cwd: workdir,
        },
      );
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.out()).toBe(`Cluster info dumped to ${out}\n`);
      return tree(join(workdir, out));
    };
    const byKubectl = await run([requireTool(PINNED_KUBECTL)], `kubectl-${format}`);
    const byKcurl = await run([process.execPath, KCURL_BIN, '--cache-dir', join(workdir, 'kcurl-cache')], `kcurl-${format}`);
    expect(Object.keys(byKcurl)).toEqual(Object.keys(byKubectl));
    expect(Object.keys(byKcurl)).toContain(join(DUMP_NS, 'talker', 'logs.txt'));
    expect(Object.keys(byKcurl)).toContain(join(DUMP_NS, `pods.${format}`));
    for (const file of Object.keys(byKubectl)) expect(byKcurl[file], file).toBe(byKubectl[file]);
  });
});
