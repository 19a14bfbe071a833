import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDevicePrinter } from './devicePrinter.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('a printer behind a device file', () => {
  it('takes tickets in order, noting each as started first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tableside-lp-'));
    dirs.push(dir);
    const device = join(dir, 'lp0');
    await writeFile(device, '');
    const printer = createDevicePrinter(device);
    const started: string[] = [];
    for (const ticket of ['first', 'second']) {
      const outcome = await printer.print(Buffer.from(ticket), async () => void started.push(ticket));
      expect(outcome).toEqual({ status: 'ready', printed: true });
    }
    expect(started).toEqual(['first', 'second']);
    expect(await readFile(device, 'utf8')).toBe('firstsecond');
  });

  it('is unreachable while the device is not there, and sends nothing', async () => {
    const printer = createDevicePrinter('/dev/null/lp9');
    let started = false;
    expect(await printer.status()).toBe('unreachable');
    expect(await printer.print(Buffer.from('ticket'), async () => void (started = true))).toEqual({
      status: 'unreachable',
      printed: false,
    });
    expect(started).toBe(false);
  });
});
