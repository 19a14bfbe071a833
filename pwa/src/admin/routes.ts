import type { StaffRole } from '@tableside/shared';
import type { NavigationGuardWithThis, RouteRecordRaw, RouteRecordSingleView } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** The least staff role that may open this owner-app screen (the API refuses the rest anyway). */
    minRole?: StaffRole;
  }
}

/**
 * The owner app at /admin. Every component and the guard are dynamic imports,
 * so nothing of the owner app is in the diner's download (bench/pwa checks the
 * build manifest). One folder per screen under src/admin/.
 */
/**
 * Every screen checks on its own: a parent's `beforeEnter` does not run again
 * when the user moves between its children, and the role differs per screen.
 */
const guardScreen: NavigationGuardWithThis<undefined> = async (to) => (await import('./shell/guard')).guardAdmin(to);

/** One screen of the owner app: its own guard, and the least role that may open it. */
const screen = (
  path: string,
  name: string,
  component: RouteRecordSingleView['component'],
  minRole: StaffRole,
): RouteRecordRaw => ({ path, name, component, beforeEnter: guardScreen, meta: { minRole } });

export const adminRoutes: RouteRecordRaw[] = [
  {
    path: '/admin/sign-in',
    name: 'admin-sign-in',
    component: () => import('./shell/SignInPage.vue'),
    beforeEnter: async (to) => (await import('./shell/guard')).guardSignIn(to),
  },
  {
    path: '/admin',
    component: () => import('./shell/AdminLayout.vue'),
    children: [
      screen('', 'admin-orders', () => import('./orders/LiveOrdersPage.vue'), 'staff'),
      screen('today', 'admin-today', () => import('./today/TodayPage.vue'), 'staff'),
      screen('open-tables', 'admin-open-tables', () => import('./openTables/OpenTablesPage.vue'), 'manager'),
      screen('menu', 'admin-menu', () => import('./menu/MenuPage.vue'), 'manager'),
      screen('tables', 'admin-tables', () => import('./tables/TablesPage.vue'), 'manager'),
      screen('location', 'admin-location', () => import('./location/LocationPage.vue'), 'manager'),
      screen('devices', 'admin-devices', () => import('./devices/DevicesPage.vue'), 'manager'),
      screen('staff', 'admin-staff', () => import('./staff/StaffPage.vue'), 'owner'),
    ],
  },
];
