import type { App } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { adminRoutes } from '../admin/routes';
import { dinerRoutes, guardTableRoutes } from '../diner/routes';

/**
 * Routes per app: the diner app at /t/:qrToken, the owner app at /admin
 * (its pages and guard are dynamic imports, so diners never download them).
 */
export function install(app: App): void {
  const router = createRouter({
    history: createWebHistory(),
    routes: [...adminRoutes, ...dinerRoutes],
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  router.beforeEach(guardTableRoutes);
  app.use(router);
}
