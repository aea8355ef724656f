// The keep-alive programs of images: what redis-server and httpd print when they start, then they (and init)
// wait until the container is stopped (the test's sleep returns at once, standing for the stop).
import { describe, expect, it } from 'vitest';
import { runUtility } from './run-utility.js';

describe('image daemons', () => {
  it('redis-server prints its startup lines with the time, then serves', async () => {
    const r = await runUtility({ argv: ['redis-server'] });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('1:C 26 Nov 2026 01:02:03.456 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
    expect(lines.at(-1)).toBe('1:M 26 Nov 2026 01:02:03.456 * Ready to accept connections tcp');
  });

  it("httpd names the server by the pod IP from kubelet's /etc/hosts", async () => {
    const r = await runUtility({ argv: ['httpd-foreground'], files: { '/etc/hosts': '127.0.0.1\tlocalhost\n10.244.0.7\tmypod\n' } });
    expect(r.stderr.split('\n')[0]).toBe(
      "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.0.7. Set the 'ServerName' directive globally to suppress this message",
    );
    expect(r.stderr).toContain("[Thu Nov 26 01:02:03.000000 2026] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n");
    expect(r.code).toBe(0);
  });

  it.each(['init', 'systemd'])('%s prints nothing and waits', async (name) => {
    expect(await runUtility({ argv: [name] }).then((r) => [r.stdout, r.stderr, r.code])).toEqual(['', '', 0]);
  });
});
