import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../durableFiles.js';
import type { KioskSettings } from '../kioskApi.js';

/** Code page tables the encoder knows, by printer family. */
export const CODEPAGE_MAPPINGS = [
  'epson',
  'epson/legacy',
  'bixolon',
  'bixolon/legacy',
  'citizen',
  'fujitsu',
  'hp',
  'metapace',
  'mpt',
  'pos-5890',
  'pos-8360',
  'star',
  'sunmi',
  'xprinter',
  'youku',
] as const;

const isTimeZone = (zone: string) => {
  if (zone === '') return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const fields = {
  serverUrl: z.url({ protocol: /^https?$/ }),
  deviceName: z.string().trim().min(1).max(60),
  restaurantName: z.string().trim().max(60),
  printer: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('none') }),
    z.object({ kind: z.literal('tcp'), host: z.string().trim().min(1), port: z.number().int().min(1).max(65535) }),
    z.object({ kind: z.literal('device'), path: z.string().trim().min(1) }),
  ]),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]),
  codepageMapping: z.enum(CODEPAGE_MAPPINGS),
  timeZone: z.string().refine(isTimeZone, 'not a time zone, like Europe/Berlin'),
  sound: z.boolean(),
  ageWarnMinutes: z.number().int().min(1).max(240),
  ageLateMinutes: z.number().int().min(1).max(240),
};

const warnBeforeLate = (settings: { ageWarnMinutes: number; ageLateMinutes: number }) =>
  settings.ageWarnMinutes < settings.ageLateMinutes;

export const settingsSchema = z
  .strictObject(fields)
  .refine(warnBeforeLate, 'the amber threshold must come before the red one') satisfies z.ZodType<KioskSettings>;

/** What the display may change; checked again as a whole once merged. */
export const settingsPatchSchema = z.strictObject(fields).partial();

export const DEFAULT_SETTINGS: KioskSettings = {
  serverUrl: 'http://localhost:3000',
  deviceName: 'Kitchen',
  restaurantName: '',
  printer: { kind: 'none' },
  paperWidthMm: 80,
  codepageMapping: 'epson',
  timeZone: '',
  sound: true,
  ageWarnMinutes: 8,
  ageLateMinutes: 15,
};

const fileOf = (dataDir: string) => join(dataDir, 'settings.json');

/** The saved settings over the defaults; a missing file is a first start. */
export async function loadSettings(dataDir: string): Promise<KioskSettings> {
  let saved: unknown = {};
  try {
    saved = JSON.parse(await readFile(fileOf(dataDir), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, ...(saved as object) });
}

export function saveSettings(dataDir: string, settings: KioskSettings): Promise<void> {
  return writeFileDurably(fileOf(dataDir), JSON.stringify(settings, null, 2));
}
