import { uuidSchema } from '@tableside/shared';
import { z } from 'zod';
import type { PairRequest } from './kioskApi.js';

/**
 * The display's requests, checked where they enter the main process or the
 * agent: a renderer is a web page, and what it sends is input like any other.
 */
export const ticketRequestSchema = z.strictObject({ orderId: uuidSchema });

export const pairRequestSchema = z.strictObject({
  serverUrl: z.url({ protocol: /^https?$/ }),
  code: z.string().max(20),
  deviceName: z.string().trim().min(1).max(60),
  restaurantName: z.string().trim().max(60),
}) satisfies z.ZodType<PairRequest>;

export { settingsPatchSchema } from './device/settings.js';
