import { createHash, randomBytes } from 'node:crypto';
import type { PairDeviceResponse } from '@tableside/shared';
import type { Deps } from '../createServer.js';
import type { Knex } from '../platform/db.js';
import { appError } from '../platform/errors.js';

export interface DeviceRow {
  id: string;
  restaurant_id: string;
  name: string;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** Codes are compared as their hash, typed any case, with or without the dash. */
export function hashPairingCode(normalizedCode: string): string {
  return sha256(normalizedCode);
}

/**
 * A kiosk trades a single-use, expiring pairing code for a device token. Only
 * the token's hash is stored; the token itself is in this answer and nowhere
 * else. A wrong, used or expired code is refused without saying which.
 */
export async function pairDevice(
  deps: Pick<Deps, 'db' | 'clock'>,
  input: { code: string; deviceName: string },
): Promise<PairDeviceResponse> {
  return deps.db.transaction(async (trx) => {
    const code = await trx('kitchen_pairing_codes')
      .where({ code_hash: hashPairingCode(input.code) })
      .whereNull('used_at')
      .where('expires_at', '>', deps.clock.now())
      .forUpdate()
      .first('id', 'restaurant_id');
    if (!code) {
      throw appError('PAIRING_CODE_INVALID', undefined, 'That pairing code is not valid. Ask the owner for a new one.');
    }
    const token = `kd_${randomBytes(32).toString('base64url')}`;
    const [device] = await trx<DeviceRow>('kitchen_devices')
      .insert({
        restaurant_id: code.restaurant_id,
        name: input.deviceName,
        token_hash: sha256(token),
      } as Partial<DeviceRow>)
      .returning('*');
    await trx('kitchen_pairing_codes')
      .where({ id: code.id })
      .update({ used_at: deps.clock.now(), device_id: device!.id });
    return { deviceId: device!.id, restaurantId: code.restaurant_id as string, token };
  });
}

/** The device behind a token, unless it was revoked. */
export async function authenticateDevice(db: Knex, token: unknown): Promise<DeviceRow> {
  const device: DeviceRow | undefined =
    typeof token === 'string' && token.length < 200
      ? await db('kitchen_devices')
          .where({ token_hash: sha256(token) })
          .whereNull('revoked_at')
          .first()
      : undefined;
  if (!device) throw appError('UNAUTHENTICATED', undefined, 'This kitchen device is not paired. Pair it again.');
  return device;
}

export async function touchDevice(db: Knex, deviceId: string, now: Date): Promise<void> {
  await db('kitchen_devices').where({ id: deviceId }).update({ last_seen_at: now });
}
