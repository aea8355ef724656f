// Serving on a local address as kubectl proxy does: Go's net.Listen wording when the address cannot be bound,
// and a close() that ends open connections (keep-alive, streaming, upgraded) rather than waiting for them.
import type http from 'node:http';
import type https from 'node:https';
import type { Duplex } from 'node:stream';
import { KcurlError } from '../errors.js';

export interface Listener {
  /** The port bound (the one chosen when 0 was asked for). */
  port: number;
  /** Keeps a socket the server does not count (an upgraded connection) so that close() ends it too. */
  track(socket: Duplex): void;
  /** Ends every tracked connection and stops listening. */
  close(): Promise<void>;
}

const IN_USE_HINT = 'choose another --port (0 picks a free one) or stop the program using it';

export async function listen(server: http.Server | https.Server, address: string, port: number, inUseHint = IN_USE_HINT): Promise<Listener> {
  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  server.on('connection', track);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `listen tcp ${address}:${port}`;
      if (err.code === 'EADDRINUSE') reject(new KcurlError('KCURL_NETWORK', `${where}: bind: address already in use`, { hint: inUseHint }));
      else if (err.code === 'EACCES') reject(new KcurlError('KCURL_NETWORK', `${where}: bind: permission denied`, { hint: 'check --address and --port' }));
      else if (err.code === 'EADDRNOTAVAIL')
        reject(new KcurlError('KCURL_NETWORK', `${where}: bind: cannot assign requested address`, { hint: 'check --address and --port' }));
      else reject(new KcurlError('KCURL_NETWORK', `${where}: ${err.message}`, { hint: 'check --address and --port' }));
    });
    server.listen(port, address, () => resolve());
  });
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : port,
    track,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
