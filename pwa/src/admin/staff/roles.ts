import type { StaffRole } from '@tableside/shared';
import type { AdminMessageKey } from '../i18n';

/** Each role's name on screen, from the least to the most it may do. */
export const ROLE_LABELS: Record<StaffRole, AdminMessageKey> = {
  staff: 'admin.staff.role.staff',
  manager: 'admin.staff.role.manager',
  owner: 'admin.staff.role.owner',
};
