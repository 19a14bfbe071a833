import { connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** `http://127.0.0.1:<port>`: the server's address as the kiosk sees it. */
  url: string;
  /** Drops every connection through it and refuses new ones, as a dead Wi-Fi would. */
  cut(): void;
  restore(): void;
  /** Connections attempted since the proxy started, refused ones included. */
  attempts(): number;
  close(): Promise<void>;
}

/** A TCP proxy on 127.0.0.1 between the kiosk and the server, for tests to cut the line. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let isCut = false;
  let attempts = 0;
  const pairs = new Set<[Socket, Socket]>();

  const server = createServer((client) => {
    attempts++;
    if (isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target);
    const pair: [Socket, Socket] = [client, upstream];
    // Nagle's algorithm on a relay adds the peer's delayed ACK (40 ms) to every small exchange.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      isCut = true;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      isCut = false;
    },
    attempts: () => attempts,
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
