import type { WireError } from '@tableside/shared';
import { ApiError, NetworkError } from '../api';
import { at, type AdminMessageKey } from '../i18n';

/** Codes whose message needs nothing from the answer's details. */
const PLAIN: Partial<Record<WireError['code'], AdminMessageKey>> = {
  NOT_FOUND: 'admin.problem.NOT_FOUND',
  FORBIDDEN: 'admin.problem.FORBIDDEN',
  UNAUTHENTICATED: 'admin.problem.UNAUTHENTICATED',
  CSRF_REJECTED: 'admin.problem.CSRF_REJECTED',
  VERSION_CONFLICT: 'admin.problem.VERSION_CONFLICT',
  TABLE_HAS_ORDERS: 'admin.problem.TABLE_HAS_ORDERS',
  INVALID_TRANSITION: 'admin.problem.INVALID_TRANSITION',
  RATE_LIMITED: 'admin.problem.RATE_LIMITED',
  DEPENDENCY_UNAVAILABLE: 'admin.problem.busy',
  SERVER_BUSY: 'admin.problem.busy',
  INTERNAL: 'admin.problem.INTERNAL',
};

/** The owner's words for a refusal; the server's English words for one this app has none for. */
function refusalText({ code, message, details }: WireError): string {
  const given = (details ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof given[key] === 'string' ? (given[key] as string) : undefined);
  const count = (key: string) => (typeof given[key] === 'number' ? (given[key] as number) : undefined);
  const [name, label] = [text('name'), text('label')];
  const [items, stock] = [count('itemCount'), count('stock')];
  const plain = PLAIN[code];
  if (plain) return at(plain);
  if (code === 'TABLE_LABEL_TAKEN' && label) return at('admin.problem.TABLE_LABEL_TAKEN', { label });
  if (code === 'CATEGORY_NOT_EMPTY' && name && items) {
    return at('admin.problem.CATEGORY_NOT_EMPTY', { name, count: items });
  }
  if (code === 'STOCK_NOT_TRACKED' && name) return at('admin.problem.STOCK_NOT_TRACKED', { name });
  if (code === 'STOCK_BELOW_ZERO' && name && stock !== undefined) {
    return at('admin.problem.STOCK_BELOW_ZERO', { name, stock });
  }
  return message;
}

/** What to tell the owner about a failed request, in their language: why it was refused, or that the server is out of reach. */
export function problemText(error: unknown): string {
  if (error instanceof NetworkError) return at('admin.error.network');
  if (error instanceof ApiError) return refusalText(error.error);
  if (error instanceof Error) return error.message;
  return String(error);
}
