import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Order } from '@tableside/shared';
import { kitchenView } from './board/kitchenView.js';
import { OrderBoard } from './board/orderBoard.js';
import { planBump, planRecall, planReprint, type Plan } from './board/planActions.js';
import { systemClock, type Clock } from './clock.js';
import { forgetCredentials, readCredentials, saveCredentials } from './device/deviceCredentials.js';
import { PairingError, pairDevice } from './device/pairDevice.js';
import { loadSettings, saveSettings, settingsPatchSchema, settingsSchema } from './device/settings.js';
import { openJournal } from './journal/journal.js';
import type { ActionResult, KioskApi, KioskSettings, KioskState, PairRequest, PrinterStatus } from './kioskApi.js';
import { applyLedgerEntry, emptyLedger, ledgerSnapshot, parseLedgerEntry } from './ledger/ledger.js';
import { silentLog, type KioskLog } from './log.js';
import { Notices } from './notices.js';
import { createOutbox } from './outbox/outbox.js';
import { openPrinter } from './printing/openPrinter.js';
import type { PrinterLink } from './printing/printerLink.js';
import { createPrintQueue } from './printing/printQueue.js';
import { startKitchenSession, type KitchenSession } from './session/kitchenSession.js';
import type { KioskTimings } from './timings.js';

export interface KioskCoreOptions {
  /** Where the journal, the settings and the device token live. */
  dataDir: string;
  /** Settings given on the command line: saved, so the next start keeps them. */
  settings?: Partial<KioskSettings>;
  clock?: Clock;
  random?: () => number;
  log?: KioskLog;
  timings?: KioskTimings;
  /** Journal lines between compactions. */
  compactAfter?: number;
}

export interface KioskCore extends KioskApi {
  state(): KioskState;
  stop(): Promise<void>;
}

/** Orders closed this long ago are forgotten by the journal (the server no longer lists them). */
const FORGET_AFTER_MS = 36 * 60 * 60_000;

/**
 * The kitchen device's logic, with no screen: the board of open orders kept
 * equal to the server's, the journal of what the device owes the server and
 * the printer, and the actions of the cook. The Electron shell and the
 * headless agent both run it and show its state.
 */
export async function startKioskCore(options: KioskCoreOptions): Promise<KioskCore> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLog;
  const timings = options.timings ?? {};
  const { dataDir } = options;
  // It holds the device token: private to this user, like the token file itself.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });

  let settings = settingsSchema.parse({ ...(await loadSettings(dataDir)), ...options.settings });
  if (options.settings) await saveSettings(dataDir, settings);
  const journal = await openJournal({
    path: join(dataDir, 'journal.log'),
    initial: emptyLedger,
    apply: applyLedgerEntry,
    snapshot: ledgerSnapshot,
    parse: parseLedgerEntry,
    compactAfter: options.compactAfter,
  });
  if (journal.damagedLines > 0)
    log.error('journal lines failed their checksum and were skipped', { damagedLines: journal.damagedLines });

  const board = new OrderBoard();
  const listeners = new Set<(state: KioskState) => void>();
  let publishing: NodeJS.Immediate | undefined;
  const notices = new Notices(clock, publish);
  let pairing: KioskState['pairing'] = 'needed';
  let printer: PrinterLink | undefined = openPrinter(settings.printer);
  let printerStatus: PrinterStatus = printer ? 'unreachable' : 'notConfigured';
  let session: KitchenSession | undefined;

  function state(): KioskState {
    const ledger = journal.state;
    const view = kitchenView(board.orders(), ledger.ops, ledger.jobs, ledger.taken);
    return {
      pairing,
      connection: session?.status() ?? { status: 'unpaired', retryAt: null },
      printer: { status: printerStatus, queued: ledger.jobs.length },
      pendingActions: ledger.ops.length,
      ...view,
      notices: notices.list,
      settings,
    };
  }

  /** Shows the state now: before anything that may only happen once it was shown (an ack). */
  function publishNow(): void {
    if (publishing) clearImmediate(publishing);
    publishing = undefined;
    if (listeners.size === 0) return;
    const now = state();
    for (const listener of listeners) listener(now);
  }
  /** Shows the state soon: one computation for however many changes a turn of the event loop brings. */
  function publish(): void {
    publishing ??= setImmediate(publishNow);
  }

  function failed(error: unknown): void {
    log.error('the journal cannot be written', { err: String(error) });
    notices.add('This kiosk cannot save to its disk: tickets and actions are not safe. Restart it.', { lasting: true });
  }

  const printQueue = createPrintQueue({
    journal,
    clock,
    printer: () => printer,
    style: () => settings,
    pollMs: timings.printerPollMs,
    onStatus(status) {
      if (status === printerStatus) return;
      log.info('printer status', { status });
      printerStatus = status;
      publish();
    },
    onPrinted: publish,
    onFailure: failed,
  });

  const outbox = createOutbox({
    journal,
    clock,
    connection: {
      request: (event, payload) => session?.connection.request(event, payload) ?? Promise.resolve(undefined),
      reconnect: () => session?.connection.reconnect(),
    },
    busyRetryMs: timings.busyRetryMs,
    onOrder: (order: Order) => session?.merge(order),
    onSettled: publish,
    onNotice: (text) => notices.add(text),
    onResyncNeeded: () => void session?.sync(),
    onFailure: failed,
  });

  function connect(token: string): void {
    session?.stop();
    session = startKitchenSession({
      serverUrl: settings.serverUrl,
      token,
      clock,
      random: options.random,
      timings,
      board,
      journal,
      log,
      printing: () => printer !== undefined,
      onChange: publish,
      onNotice: (text) => notices.add(text),
      onTakenIn() {
        publishNow();
        outbox.kick();
        printQueue.kick();
      },
      onOnline: () => outbox.resume(),
      onOffline: () => outbox.pause(),
      onFailure: failed,
      async onUnauthorized() {
        log.warn('the server refused the device token; pairing is needed');
        outbox.pause();
        await forgetCredentials(dataDir);
        pairing = 'revoked';
        publish();
      },
      forgetAfterMs: FORGET_AFTER_MS,
    });
  }

  async function act(plan: Plan, after: () => void): Promise<ActionResult> {
    if (!plan.ok) return plan;
    try {
      await journal.record([plan.entry]);
    } catch (error) {
      failed(error);
      return { ok: false, message: 'This kiosk cannot save to its disk; the action was not taken.' };
    }
    publish();
    after();
    return { ok: true };
  }

  const credentials = await readCredentials(dataDir);
  if (credentials) {
    pairing = 'paired';
    connect(credentials.token);
  }
  printQueue.start();

  return {
    state,
    subscribe(listener) {
      listeners.add(listener);
      listener(state());
      return () => listeners.delete(listener);
    },
    bump: (orderId) => act(planBump(board.get(orderId), journal.state.ops, clock.now()), outbox.kick),
    recall: (orderId) => act(planRecall(board.get(orderId), journal.state.ops, clock.now()), outbox.kick),
    reprint: (orderId) => act(planReprint(board.get(orderId), printer !== undefined, clock.now()), printQueue.kick),
    async pair(request: PairRequest) {
      let paired;
      try {
        paired = await pairDevice(request);
      } catch (error) {
        if (error instanceof PairingError) return { ok: false, message: error.message };
        throw error;
      }
      settings = settingsSchema.parse({
        ...settings,
        serverUrl: request.serverUrl,
        deviceName: request.deviceName,
        restaurantName: request.restaurantName,
      });
      await saveSettings(dataDir, settings);
      await saveCredentials(dataDir, { ...paired, pairedAt: new Date(clock.now()).toISOString() });
      await journal.record([{ type: 'paired', restaurantId: paired.restaurantId }]);
      log.info('paired', { deviceId: paired.deviceId, restaurantId: paired.restaurantId });
      pairing = 'paired';
      connect(paired.token);
      publish();
      return { ok: true };
    },
    async updateSettings(patch) {
      const parsed = settingsPatchSchema.safeParse(patch);
      const merged = parsed.success ? settingsSchema.safeParse({ ...settings, ...parsed.data }) : parsed;
      if (!merged.success) return { ok: false, message: merged.error.issues.map((issue) => issue.message).join('; ') };
      const before = settings;
      settings = merged.data;
      await saveSettings(dataDir, settings);
      if (JSON.stringify(before.printer) !== JSON.stringify(settings.printer)) {
        printer = openPrinter(settings.printer);
        printQueue.kick();
      }
      if (before.serverUrl !== settings.serverUrl && pairing === 'paired') {
        const current = await readCredentials(dataDir);
        if (current) connect(current.token);
      }
      publish();
      return { ok: true };
    },
    async stop() {
      if (publishing) clearImmediate(publishing);
      session?.stop();
      outbox.pause();
      await outbox.idle();
      await printQueue.stop();
      notices.dispose();
      await journal.close();
    },
  };
}
