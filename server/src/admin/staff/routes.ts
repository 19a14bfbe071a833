import { changeStaffRoleBodySchema, FIELD_MESSAGES, inviteStaffBodySchema } from '@tableside/shared';
import type { Deps } from '../../createServer.js';
import { appError, invalidField, parse } from '../../platform/errors.js';
import type { AdminContext, AdminRoutes, StaffUserRow } from '../adminRoutes.js';
import { hashPassword } from '../auth/passwords.js';
import type { StaffSessions } from '../auth/staffSessions.js';
import { uuidParam } from '../params.js';

const present = (user: StaffUserRow) => ({
  id: user.id,
  email: user.email,
  displayName: user.display_name,
  role: user.role,
});

/** Owners manage who works here. A restaurant always keeps at least one owner. */
export function registerStaffRoutes(admin: AdminRoutes, deps: Deps, sessions: StaffSessions): void {
  admin.route('GET', '/staff', 'owner', async (ctx: AdminContext) => {
    const users = await deps
      .db<StaffUserRow>('staff_users')
      .where({ restaurant_id: ctx.state.staff.restaurantId })
      .orderBy('created_at');
    ctx.body = { staff: users.map(present) };
  });

  admin.route('POST', '/staff', 'owner', async (ctx: AdminContext) => {
    const body = parse(inviteStaffBodySchema, ctx.request.body);
    const [user] = await deps
      .db<StaffUserRow>('staff_users')
      .insert({
        restaurant_id: ctx.state.staff.restaurantId,
        email: body.email,
        display_name: body.displayName,
        role: body.role,
        password_hash: await hashPassword(body.password),
      } as Partial<StaffUserRow>)
      .onConflict(deps.db.raw('(lower(email))'))
      .ignore()
      .returning('*');
    if (!user) throw invalidField('email', FIELD_MESSAGES.emailTaken);
    ctx.status = 201;
    ctx.body = { user: present(user) };
  });

  async function otherUser(ctx: AdminContext): Promise<StaffUserRow> {
    const user = await deps
      .db<StaffUserRow>('staff_users')
      .where({ id: uuidParam(ctx, 'id'), restaurant_id: ctx.state.staff.restaurantId })
      .first();
    if (!user) throw appError('NOT_FOUND', undefined, 'No such staff member.');
    if (user.id === ctx.state.staff.user.id) {
      throw appError('FORBIDDEN', undefined, 'Ask another owner to change or remove your own account.');
    }
    return user;
  }

  admin.route('PATCH', '/staff/:id', 'owner', async (ctx: AdminContext) => {
    const body = parse(changeStaffRoleBodySchema, ctx.request.body);
    const user = await otherUser(ctx);
    const [updated] = await deps
      .db<StaffUserRow>('staff_users')
      .where({ id: user.id })
      .update({ role: body.role, updated_at: deps.db.fn.now() } as unknown as Partial<StaffUserRow>)
      .returning('*');
    ctx.body = { user: present(updated!) };
  });

  admin.route('DELETE', '/staff/:id', 'owner', async (ctx: AdminContext) => {
    const user = await otherUser(ctx);
    await deps.db('staff_users').where({ id: user.id }).delete();
    // Signed out everywhere, at once.
    await sessions.revokeAllOf(user.id);
    ctx.status = 204;
  });
}
