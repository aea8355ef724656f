// Running a --show=LANG[:FORM] program next to kcurl: kcurl prints the program on stderr while it sends its own
// requests; the program is then run by bash as printed. Shared by the tests that compare the two.
import type { ProxiedExchange, RecordingProxy } from './recording-proxy.js';
import { runKcurl } from './run-kcurl.js';
import { runSnippet } from './run-snippet.js';
import type { ProcessOutput } from './spawn.js';

/** kcurl's own result lines follow the program on stderr: the program is the rest. */
export function programFromStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^(Error from server|error:|No resources found|Warning:)/.test(l))
    .join('\n');
}

/** Discovery and OpenAPI requests (kcurl's catalog, not the command's requests). */
export const isDiscovery = (e: ProxiedExchange): boolean =>
  /^\/(apis?|version)(\?|\/?$)|^\/openapi\//.test(e.target) || /^\/apis?\/[^/]+(\/[^/]+)?$/.test(e.path);

export interface ShowRun {
  k: ProcessOutput;
  s: ProcessOutput;
  program: string;
  kcurlRequests: ProxiedExchange[];
  programRequests: ProxiedExchange[];
}

/**
 * Runs kcurl with `--show=SHOW` through the recording proxy, then the program it printed; `setup` restores the state
 * the command expects before each of the two runs. Discovery is left out of both request lists.
 */
export async function kcurlThenProgram(
  proxy: RecordingProxy,
  show: string,
  args: string[],
  opts: { env: Record<string, string>; stdin?: string; setup?: () => Promise<unknown> },
): Promise<ShowRun> {
  const round = async <T>(run: () => Promise<T>): Promise<{ out: T; requests: ProxiedExchange[] }> => {
    await opts.setup?.();
    await proxy.settled();
    proxy.reset();
    const out = await run();
    await proxy.settled();
    return { out, requests: proxy.exchanges.filter((e) => !isDiscovery(e)) };
  };
  const kcurl = await round(() => runKcurl([...args, `--show=${show}`], { env: opts.env, stdin: opts.stdin }));
  const program = programFromStderr(kcurl.out.stderr);
  const run = await round(() => runSnippet(program, { env: opts.env, timeoutMs: 120_000 }));
  return { k: kcurl.out, s: run.out, program, kcurlRequests: kcurl.requests, programRequests: run.requests };
}
