import {
  joinTableResponseSchema,
  qrTokenSchema,
  tableSessionSchema,
  type CartDiner,
  type JoinTableResponse,
  type TableDiner,
} from '@tableside/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, request, tablePath } from '../../common/api';
import { readStored, removeStored, writeStored } from '../../common/storage';

/**
 * - `needsJoin`: this phone has no place at the table yet (or its sitting ended);
 * - `joined`: it has a diner token (checked with the server when online);
 * - `closed`: the sitting ended while the diner was at the table;
 * - `unknownTable`: the QR code is not (or no longer) one of ours.
 */
export type SessionStatus = 'idle' | 'needsJoin' | 'joined' | 'closed' | 'unknownTable';

const storedKey = (qrToken: string) => `session:${qrToken}`;
const LAST_TABLE_KEY = 'lastTable';

/** The table this phone last joined, for the installed app's start URL (/t/). */
export function lastTable(): string | undefined {
  return readStored(LAST_TABLE_KEY, qrTokenSchema);
}

/** This phone's place at one table: who it is there, its diner token, and who else is seated. */
export const useSessionStore = defineStore('session', () => {
  const qrToken = ref('');
  const status = ref<SessionStatus>('idle');
  const joined = ref<JoinTableResponse | null>(null);
  const diners = ref<TableDiner[]>([]);
  /** A token this phone had here before, whose sitting is over: the landing says so. */
  const previousEnded = ref(false);

  const me = computed<CartDiner | null>(() => {
    const diner = joined.value?.diner;
    return diner ? { dinerId: diner.id, displayName: diner.displayName, color: diner.color } : null;
  });

  function open(token: string): void {
    if (qrToken.value === token && status.value !== 'idle') return;
    qrToken.value = token;
    joined.value = readStored(storedKey(token), joinTableResponseSchema) ?? null;
    diners.value = [];
    previousEnded.value = false;
    status.value = joined.value ? 'joined' : 'needsJoin';
  }

  function adopt(response: JoinTableResponse): void {
    joined.value = response;
    status.value = 'joined';
    previousEnded.value = false;
    writeStored(storedKey(qrToken.value), response);
    writeStored(LAST_TABLE_KEY, qrToken.value);
  }

  /** Forgets the token; the landing page then offers to join again. */
  function leave(): void {
    removeStored(storedKey(qrToken.value));
    joined.value = null;
    diners.value = [];
    previousEnded.value = true;
    status.value = 'needsJoin';
  }

  /** What the server says about a refused token: the sitting is over, or the code itself is gone. */
  function refused(error: ApiError | { code: string }): boolean {
    if (error.code === 'SESSION_CLOSED' || error.code === 'UNAUTHENTICATED') {
      leave();
      return true;
    }
    if (error.code === 'TABLE_NOT_FOUND' || error.code === 'INVALID_TOKEN') {
      removeStored(storedKey(qrToken.value));
      joined.value = null;
      status.value = 'unknownTable';
      return true;
    }
    return false;
  }

  /** Checks the saved token with the server; offline, the saved session stays in use. */
  async function verify(): Promise<void> {
    const token = joined.value?.dinerToken;
    if (!token) return;
    try {
      const { data } = await request(tablePath(qrToken.value, '/session'), tableSessionSchema, { token });
      joined.value = { ...data, dinerToken: token };
      writeStored(storedKey(qrToken.value), joined.value);
      if (diners.value.length === 0) diners.value = data.diners.map((diner) => ({ ...diner, online: false }));
    } catch (error) {
      if (!(error instanceof ApiError) || !refused(error)) console.warn('tableside: session check failed', error);
    }
  }

  /** Joins the table (or re-joins: the old token keeps this phone's diner if its sitting is still open). */
  async function join(displayName: string | undefined): Promise<void> {
    const { data } = await request(tablePath(qrToken.value, '/join'), joinTableResponseSchema, {
      method: 'POST',
      body: displayName ? { displayName } : {},
      ...(joined.value ? { token: joined.value.dinerToken } : {}),
    });
    adopt(data);
  }

  /** `table:closed`: the sitting is over for every phone at the table; the thank-you screen still names it. */
  function close(): void {
    removeStored(storedKey(qrToken.value));
    status.value = 'closed';
  }

  /** From the thank-you screen: a new sitting at the same table starts with joining it. */
  function startOver(): void {
    joined.value = null;
    diners.value = [];
    previousEnded.value = false;
    status.value = 'needsJoin';
  }

  function setDiners(list: TableDiner[]): void {
    diners.value = list;
  }

  return {
    qrToken,
    status,
    joined,
    diners,
    previousEnded,
    me,
    open,
    verify,
    join,
    leave,
    refused,
    close,
    startOver,
    setDiners,
  };
});
