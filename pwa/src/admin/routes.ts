import type { StaffRole } from '@tableside/shared';
import type { NavigationGuardWithThis, RouteRecordRaw } from 'vue-router';

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
      {
        path: '',
        name: 'admin-orders',
        component: () => import('./orders/LiveOrdersPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'staff' },
      },
      {
        path: 'today',
        name: 'admin-today',
        component: () => import('./today/TodayPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'staff' },
      },
      {
        path: 'open-tables',
        name: 'admin-open-tables',
        component: () => import('./openTables/OpenTablesPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'manager' },
      },
      {
        path: 'menu',
        name: 'admin-menu',
        component: () => import('./menu/MenuPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'manager' },
      },
      {
        path: 'tables',
        name: 'admin-tables',
        component: () => import('./tables/TablesPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'manager' },
      },
      {
        path: 'location',
        name: 'admin-location',
        component: () => import('./location/LocationPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'manager' },
      },
      {
        path: 'devices',
        name: 'admin-devices',
        component: () => import('./devices/DevicesPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'manager' },
      },
      {
        path: 'staff',
        name: 'admin-staff',
        component: () => import('./staff/StaffPage.vue'),
        beforeEnter: guardScreen,
        meta: { minRole: 'owner' },
      },
    ],
  },
];
