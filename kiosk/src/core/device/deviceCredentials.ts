import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../durableFiles.js';

const credentialsSchema = z.object({
  deviceId: z.string(),
  restaurantId: z.string(),
  token: z.string(),
  pairedAt: z.string(),
});
export type DeviceCredentials = z.infer<typeof credentialsSchema>;

/** The device token is the kitchen's key to the restaurant's orders: readable by this user only. */
const OWNER_ONLY = 0o600;
const fileOf = (dataDir: string) => join(dataDir, 'device.json');

export async function readCredentials(dataDir: string): Promise<DeviceCredentials | undefined> {
  let text: string;
  try {
    text = await readFile(fileOf(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return credentialsSchema.parse(JSON.parse(text));
}

export function saveCredentials(dataDir: string, credentials: DeviceCredentials): Promise<void> {
  return writeFileDurably(fileOf(dataDir), JSON.stringify(credentials, null, 2), OWNER_ONLY);
}

/** A token the server refused is of no more use: it is not kept. */
export function forgetCredentials(dataDir: string): Promise<void> {
  return rm(fileOf(dataDir), { force: true });
}
