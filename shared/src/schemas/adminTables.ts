import { z } from 'zod';
import { displayTextSchema, qrTokenSchema, uuidSchema } from './common.js';
import { FIELD_MESSAGES } from './fieldIssue.js';

/** What the database allows for a table (`tables_label_length`, `tables_seats`). */
export const tableLabelSchema = displayTextSchema(40);
export const tableSeatsSchema = z.number().int().min(1).max(100);

/** `POST /api/v1/admin/tables`: a new table gets a fresh QR code. */
export const createTableBodySchema = z.strictObject({
  label: tableLabelSchema,
  seats: tableSeatsSchema,
});
export type CreateTableBody = z.infer<typeof createTableBodySchema>;

/** `PATCH /api/v1/admin/tables/:id`: deactivating a table ends its open session. */
export const updateTableBodySchema = z
  .strictObject({
    label: tableLabelSchema.optional(),
    seats: tableSeatsSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, FIELD_MESSAGES.tableChange);
export type UpdateTableBody = z.infer<typeof updateTableBodySchema>;

/** A table as the owner's app shows it, with the address its QR code encodes. */
export const adminTableSchema = z.object({
  id: uuidSchema,
  label: z.string(),
  seats: z.number().int(),
  active: z.boolean(),
  qrToken: qrTokenSchema,
  /** `PUBLIC_URL/t/<qrToken>`: what the printed code opens. */
  dinerUrl: z.url(),
  /** Whether diners are seated at it right now (an open table session). */
  sessionOpen: z.boolean(),
});
export type AdminTable = z.infer<typeof adminTableSchema>;

/** `GET /api/v1/admin/tables`, in natural label order (Table 2 before Table 10). */
export const adminTableListSchema = z.object({ tables: z.array(adminTableSchema) });
export type AdminTableList = z.infer<typeof adminTableListSchema>;
