// The CoreDNS image's process (/coredns -conf FILE): the lines CoreDNS v1.11.3 prints when it starts with
// kubeadm's Corefile (the reload plugin's SHA512 is the Corefile's), then it serves (idles) until stopped.
// No DNS is answered: the sandbox has no pod network.
import { createHash } from 'node:crypto';
import type { Utility } from './registry.js';

export const corednsUtilities: Record<string, Utility> = {
  coredns: async (ctx) => {
    const i = ctx.args.indexOf('-conf');
    const file = i >= 0 ? ctx.args[i + 1] : 'Corefile';
    const corefile = file ? ctx.fs.read(ctx.resolve(file)) : undefined;
    if (corefile === undefined) {
      await ctx.stderr.write(`Error during parsing: open ${file ?? ''}: no such file or directory\n`);
      return 1;
    }
    const sha = createHash('sha512').update(corefile).digest('hex');
    await ctx.stdout.write(`.:53\n[INFO] plugin/reload: Running configuration SHA512 = ${sha}\nCoreDNS-1.11.3\nlinux/amd64, go1.21.11, a6338e9\n`);
    await ctx.sleep(Infinity);
    return 0;
  },
};
