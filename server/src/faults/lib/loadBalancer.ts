import { connect, createServer, type Socket } from 'node:net';

/** A TCP load balancer on 127.0.0.1 in front of several server instances, as a deployment has. */
export interface LoadBalancer {
  /** `http://127.0.0.1:<port>`: the one address diners and kiosks know. */
  url: string;
  /** Connections passed to each backend port so far. */
  connections(): Map<number, number>;
  close(): Promise<void>;
}

/**
 * Round robin over `ports`, connection by connection (WebSocket transport
 * needs nothing sticky). A backend that refuses the connection (a dead
 * instance) is skipped for the next one, as a health-checked balancer would;
 * connections to an instance that dies are cut, and their clients reconnect.
 */
export async function startLoadBalancer(ports: number[]): Promise<LoadBalancer> {
  let next = 0;
  const counts = new Map<number, number>(ports.map((port) => [port, 0]));
  const open = new Set<Socket>();

  function pipeTo(client: Socket, attempt: number): void {
    if (attempt >= ports.length) {
      client.destroy();
      return;
    }
    const port = ports[next++ % ports.length]!;
    const upstream = connect({ host: '127.0.0.1', port });
    let connected = false;
    upstream.on('error', () => {
      if (connected) client.destroy();
      else pipeTo(client, attempt + 1);
    });
    upstream.once('connect', () => {
      connected = true;
      counts.set(port, (counts.get(port) ?? 0) + 1);
      upstream.setNoDelay(true);
      open.add(upstream);
      upstream.on('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    client.setNoDelay(true);
    client.on('error', () => undefined);
    open.add(client);
    client.on('close', () => open.delete(client));
    pipeTo(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the load balancer has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => new Map(counts),
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
