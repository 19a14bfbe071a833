import { z } from 'zod';
import { errorSchema } from '../errors.js';
import { displayTextSchema, uuidSchema } from './common.js';
import { locationFixSchema } from './orders.js';
import { FIELD_MESSAGES } from './fieldIssue.js';

export const STAFF_ROLES = ['staff', 'manager', 'owner'] as const;
export const staffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof staffRoleSchema>;

/** Whether `role` may do what `minimum` may (staff < manager < owner). */
export function roleAtLeast(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}

export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

/** `POST /api/v1/admin/login` */
export const loginBodySchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const staffUserSchema = z.object({
  id: uuidSchema,
  email: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
});
export type StaffUser = z.infer<typeof staffUserSchema>;

/** `GET /api/v1/admin/me` and the answer to a login. */
export const meSchema = z.object({
  user: staffUserSchema,
  restaurant: z.object({ id: uuidSchema, name: z.string(), currency: z.string(), timezone: z.string() }),
});
export type Me = z.infer<typeof meSchema>;

/** `POST /api/v1/admin/staff`: an owner invites someone with a first password. */
export const inviteStaffBodySchema = z.strictObject({
  email: emailSchema,
  displayName: displayTextSchema(60),
  role: staffRoleSchema,
  password: z.string().min(10, FIELD_MESSAGES.passwordLength).max(200),
});
export const changeStaffRoleBodySchema = z.strictObject({ role: staffRoleSchema });
/** `GET /api/v1/admin/staff`, oldest account first. */
export const staffListSchema = z.object({ staff: z.array(staffUserSchema) });
/** The answer to an invite or a role change. */
export const staffUserAnswerSchema = z.object({ user: staffUserSchema });

/** One CIDR, IPv4 or IPv6, with its prefix length ("192.168.1.0/24", "2001:db8::/32"). */
export const cidrSchema = z
  .string()
  .trim()
  .refine((value) => {
    const [address, bits, ...rest] = value.split('/');
    if (!address || bits === undefined || rest.length > 0 || !/^\d{1,3}$/.test(bits)) return false;
    if (z.ipv4().safeParse(address).success) return Number(bits) <= 32;
    if (z.ipv6().safeParse(address).success) return Number(bits) <= 128;
    return false;
  }, FIELD_MESSAGES.network);

export const locationSettingsSchema = z.strictObject({
  policy: z.enum(['off', 'ip', 'gps', 'ip_or_gps', 'ip_and_gps']),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  radiusM: z.number().int().min(10).max(100_000),
  allowedCidrs: z.array(cidrSchema).max(50),
});
export type LocationSettings = z.infer<typeof locationSettingsSchema>;

/** `PUT /api/v1/admin/location`: GPS policies need the restaurant's coordinates. */
export const putLocationBodySchema = locationSettingsSchema.superRefine((value, ctx) => {
  if (value.policy.includes('gps') && (value.latitude === null || value.longitude === null)) {
    ctx.addIssue({ code: 'custom', path: ['latitude'], message: FIELD_MESSAGES.gpsNeedsCoordinates });
  }
  if (value.policy.includes('ip') && value.allowedCidrs.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['allowedCidrs'], message: FIELD_MESSAGES.ipNeedsNetworks });
  }
});

/**
 * `POST /api/v1/admin/location/dry-run`: would an order from here be accepted?
 * The caller's own address and `location` fix are judged by the rules the order
 * path uses, under the saved settings or, before saving, the proposed `settings`.
 * Nothing is saved.
 */
export const locationDryRunBodySchema = z.strictObject({
  settings: putLocationBodySchema.optional(),
  location: locationFixSchema.optional(),
});
export type LocationDryRunBody = z.infer<typeof locationDryRunBodySchema>;

const dryRunCommon = {
  /** The address the server sees for the caller (the same one an order from here would have). */
  clientIp: z.string(),
  /** The network to allow to let orders from this network in: the IPv4 address, or the IPv6 /64. */
  clientNetwork: cidrSchema,
  /** Metres between the fix and the restaurant, when both are known. */
  distanceM: z.number().nullable(),
};
export const locationDryRunSchema = z.discriminatedUnion('accepted', [
  z.object({
    ...dryRunCommon,
    accepted: z.literal(true),
    /** What proved the order came from the restaurant. */
    verdict: z.enum(['not_required', 'ip', 'gps', 'ip_and_gps']),
  }),
  /** `refusal` is the error a diner placing an order from here would get. */
  z.object({ ...dryRunCommon, accepted: z.literal(false), refusal: errorSchema }),
]);
export type LocationDryRun = z.infer<typeof locationDryRunSchema>;

export const kitchenDeviceSchema = z.object({
  id: uuidSchema,
  name: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  online: z.boolean(),
  /** Open orders this device has not acknowledged yet. */
  pendingAcks: z.number().int().min(0),
});
export type KitchenDevice = z.infer<typeof kitchenDeviceSchema>;
/** `GET /api/v1/admin/devices`: the paired devices that were not revoked, oldest first. */
export const kitchenDeviceListSchema = z.object({ devices: z.array(kitchenDeviceSchema) });

export const pairingCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.iso.datetime() });
export type PairingCodeResponse = z.infer<typeof pairingCodeResponseSchema>;

export const cancelOrderBodySchema = z.strictObject({
  reason: displayTextSchema(200),
  expectedVersion: z.number().int().min(1).optional(),
});
export const orderStatusBodySchema = z.strictObject({
  to: z.enum(['accepted', 'preparing', 'ready', 'served']),
  expectedVersion: z.number().int().min(1),
});
export const orderRecallBodySchema = z.strictObject({ expectedVersion: z.number().int().min(1) });

/** `GET /api/v1/admin/orders` query: filters and a cursor from the previous page. */
export const listOrdersQuerySchema = z.strictObject({
  status: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(['placed', 'accepted', 'preparing', 'ready', 'served', 'cancelled'])))
    .optional(),
  tableId: uuidSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export const orderEventSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  actorType: z.string(),
  actorId: uuidSchema.nullable(),
  reason: z.string().nullable(),
  at: z.iso.datetime(),
});
export type OrderEvent = z.infer<typeof orderEventSchema>;
