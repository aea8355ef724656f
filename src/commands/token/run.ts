// kcurl token: prints the credential kcurl would send, so snippets can use exec-plugin users with standard tools.
import { credentialsError } from '../../errors.js';
import type { Session } from '../../cli/session.js';
import { materializeCredentials } from '../../kube/credentials.js';
import type { TokenFlags } from './flags.js';

export async function runToken(session: Session, flags: TokenFlags): Promise<number> {
  const what = flags.output;
  const creds = await materializeCredentials(session.io, await session.credentials(), { cacheDir: session.options.cacheDir });
  if (what === 'token') {
    const token = creds.token?.value?.reveal();
    if (token === undefined)
      throw credentialsError('the current user has no bearer token', 'kcurl token --output client-certificate|client-key for certificate users');
    session.io.stdout.write(token + '\n');
    return 0;
  }
  const cc = creds.clientCert;
  const value = what === 'client-key' ? cc?.key.value?.reveal() : cc?.cert.value;
  if (!value) throw credentialsError(`the current user has no ${what}`);
  session.io.stdout.write(Buffer.from(value));
  return 0;
}
