import { z } from 'zod';
import { displayTextSchema, uuidSchema } from './common.js';

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
  password: z.string().min(10, 'at least 10 characters').max(200),
});
export const changeStaffRoleBodySchema = z.strictObject({ role: staffRoleSchema });
