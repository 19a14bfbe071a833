import { MAX_LINE_QUANTITY, type WireError } from '@tableside/shared';
import { t } from '../../i18n';

/** Why the server refused one of the diner's cart changes, in words they can act on. */
export function cartRefusal(error: WireError, dishName: string): string {
  const details = (error.details ?? {}) as { name?: unknown };
  const name = typeof details.name === 'string' ? details.name : dishName;
  switch (error.code) {
    case 'SOLD_OUT':
      return t('error.SOLD_OUT', { name });
    case 'ITEM_UNAVAILABLE':
      return t('error.ITEM_UNAVAILABLE', { names: name });
    case 'ITEM_NOT_FOUND':
      return t('error.ITEM_NOT_FOUND', { name });
    case 'INVALID_OPTIONS':
      return t('error.INVALID_OPTIONS', { name });
    case 'LINE_NOT_FOUND':
      return t('error.LINE_NOT_FOUND', { name });
    case 'CART_FULL':
      return t('error.CART_FULL');
    case 'VALIDATION_FAILED':
      return t('error.MAX_QUANTITY', { max: MAX_LINE_QUANTITY });
    case 'RATE_LIMITED':
      return t('error.RATE_LIMITED');
    case 'CART_BUSY':
    case 'DEPENDENCY_UNAVAILABLE':
      return t('error.busy');
    default:
      return t('error.generic');
  }
}
