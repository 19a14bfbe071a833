import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

/** A POST's answer; `status` 0 when none came (`body` then says why). */
export interface OrderAnswer {
  status: number;
  body: string;
}

const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Submits orders as a diner's phone does (`POST /api/v1/tables/:qrToken/orders`
 * with the diner token, a fresh Idempotency-Key and the confirmed cart
 * version) over keep-alive connections, with node:http: lighter on the load
 * generator than fetch, which shares its two cores with the server.
 */
export function createOrderPoster(baseUrl: string) {
  const agent = new Agent({ keepAlive: true });
  const { hostname, port } = new URL(baseUrl);

  return {
    /** `idempotencyKey`: the same one again to retry a submit, as a phone does; a fresh one by default. */
    post(
      qrToken: string,
      dinerToken: string,
      cartVersion: number,
      idempotencyKey = randomUUID(),
    ): Promise<OrderAnswer> {
      const body = JSON.stringify({ cartVersion });
      return new Promise((resolve) => {
        const req = request(
          {
            agent,
            hostname,
            port,
            method: 'POST',
            path: `/api/v1/tables/${qrToken}/orders`,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${dinerToken}`,
              'idempotency-key': idempotencyKey,
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
            );
            response.on('error', (error) => resolve({ status: 0, body: error.message }));
          },
        );
        req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)));
        req.on('error', (error) => resolve({ status: 0, body: error.message }));
        req.end(body);
      });
    },
    close(): void {
      agent.destroy();
    },
  };
}

export type OrderPoster = ReturnType<typeof createOrderPoster>;
