import type { App } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { dinerRoutes, guardTableRoutes } from '../diner/routes';

/**
 * Routes per app. The diner app is the only one so far; the owner app will be
 * mounted at /admin behind a dynamic import, so diners never download it.
 */
export function install(app: App): void {
  const router = createRouter({
    history: createWebHistory(),
    routes: dinerRoutes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });
  router.beforeEach(guardTableRoutes);
  app.use(router);
}
