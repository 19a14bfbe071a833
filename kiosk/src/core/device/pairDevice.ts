import {
  errorBodySchema,
  pairDeviceResponseSchema,
  pairingCodeSchema,
  type PairDeviceResponse,
} from '@tableside/shared';

/** A pairing that did not work, with a message for the person at the screen. */
export class PairingError extends Error {}

/**
 * Trades the pairing code the owner's tablet showed for this device's token
 * (`POST /api/v1/kitchen/pair`).
 */
export async function pairDevice(request: {
  serverUrl: string;
  code: string;
  deviceName: string;
}): Promise<PairDeviceResponse> {
  const code = pairingCodeSchema.safeParse(request.code);
  if (!code.success) throw new PairingError('A pairing code is 8 letters and digits, like KTCH-2026.');
  let response: Response;
  try {
    response = await fetch(new URL('/api/v1/kitchen/pair', request.serverUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: request.code, deviceName: request.deviceName }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new PairingError(`The server at ${request.serverUrl} cannot be reached. Check the address and the network.`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 201) {
    const paired = pairDeviceResponseSchema.safeParse(body);
    if (paired.success) return paired.data;
  }
  const refused = errorBodySchema.safeParse(body);
  throw new PairingError(
    refused.success ? refused.data.error.message : `The server answered ${response.status}; is it a Tableside server?`,
  );
}
