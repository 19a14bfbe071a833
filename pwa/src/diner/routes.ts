import type { NavigationGuard, RouteRecordRaw } from 'vue-router';
import ClosedPage from './pages/ClosedPage.vue';
import LandingPage from './pages/LandingPage.vue';
import MenuPage from './pages/MenuPage.vue';
import OrdersPage from './pages/OrdersPage.vue';
import ScanPage from './pages/ScanPage.vue';
import TablePage from './pages/TablePage.vue';
import { lastTable, useSessionStore } from './stores/session';

/** /t/:qrToken is the diner app; /t/ (the installed app's start URL) goes back to the last table joined. */
export const dinerRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'scan', component: ScanPage },
  {
    path: '/t/',
    component: ScanPage,
    beforeEnter: () => {
      const qrToken = lastTable();
      return qrToken ? { name: 'menu', params: { qrToken } } : true;
    },
  },
  {
    path: '/t/:qrToken',
    component: TablePage,
    children: [
      { path: '', name: 'landing', component: LandingPage },
      { path: 'menu', name: 'menu', component: MenuPage },
      { path: 'orders', name: 'orders', component: OrdersPage },
      { path: 'closed', name: 'closed', component: ClosedPage },
    ],
  },
  { path: '/:unknown(.*)*', name: 'notFound', component: ScanPage },
];

/** Sends a phone where its place at the table says it belongs: joined diners past the landing, others to it. */
export const guardTableRoutes: NavigationGuard = (to) => {
  const qrToken = to.params.qrToken;
  if (typeof qrToken !== 'string') return true;
  const session = useSessionStore();
  session.open(qrToken);
  const joined = session.status === 'joined';
  if (to.name === 'landing' && joined) return { name: 'menu', params: { qrToken } };
  if ((to.name === 'menu' || to.name === 'orders') && !joined) return { name: 'landing', params: { qrToken } };
  if (to.name === 'closed' && session.status !== 'closed') return { name: 'landing', params: { qrToken } };
  return true;
};
