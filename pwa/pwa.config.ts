import type { ManifestOptions, VitePWAOptions } from 'vite-plugin-pwa';

export const THEME_COLOR = '#0a5c43';

/**
 * The installed app opens on /t/, which sends the diner back to the table
 * they last joined, and stays inside /t/: a tap on "Home" never leaves it.
 */
export const pwaManifest: Partial<ManifestOptions> = {
  id: '/t/',
  name: 'Tableside: order at your table',
  short_name: 'Tableside',
  description: 'Order from your table together: one shared cart, live on every phone.',
  start_url: '/t/',
  scope: '/t/',
  display: 'standalone',
  orientation: 'portrait',
  theme_color: THEME_COLOR,
  background_color: '#ffffff',
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
};

const DAY = 24 * 3600;

/** Where the owner app's chunks go (vite.config.ts names them): the diner's worker never precaches them. */
export const OWNER_ASSETS = 'assets/admin/';

/** Whether a chunk holds only owner-app code: every module of ours in it is under src/admin/. */
export function isOwnerChunk(moduleIds: readonly string[]): boolean {
  const ours = moduleIds.filter((id) => id.includes('/pwa/src/'));
  return ours.length > 0 && ours.every((id) => id.includes('/pwa/src/admin/'));
}

/** Whether a stylesheet is an owner-app page's own (Vite names the component it came from). */
export function isOwnerStylesheet(originalFileNames: readonly string[]): boolean {
  return originalFileNames.length > 0 && originalFileNames.every((name) => name.startsWith('src/admin/'));
}

/**
 * The worker Workbox generates: the app shell precached (any /t/... link
 * opens offline), the table's menu stale-while-revalidate (the revalidation
 * sends the ETag; a changed ETag is broadcast to the page, which reloads the
 * menu), dish photos cache-first with a cap on how many are kept.
 */
export const pwaWorkbox: Partial<VitePWAOptions['workbox']> = {
  // The manifest and its icons are added by the plugin itself.
  globPatterns: ['**/*.{js,css,html,svg}', 'icons/apple-touch-icon.png'],
  // The owner app is not the diner's to download, not even in the background.
  globIgnores: [`${OWNER_ASSETS}**`],
  navigateFallback: '/index.html',
  // /admin is left to the network: the owner app needs the server anyway, and gets index.html from it.
  navigateFallbackAllowlist: [/^\/t(\/|$)/, /^\/$/],
  cleanupOutdatedCaches: true,
  clientsClaim: true,
  runtimeCaching: [
    {
      urlPattern: /\/api\/v1\/tables\/[A-Za-z0-9_-]+\/menu$/,
      handler: 'StaleWhileRevalidate',
      options: {
        cacheName: 'tableside-menu',
        expiration: { maxEntries: 8, maxAgeSeconds: 7 * DAY },
        cacheableResponse: { statuses: [200] },
        broadcastUpdate: { options: { headersToCheck: ['etag'] } },
      },
    },
    {
      urlPattern: ({ request }) => request.destination === 'image',
      handler: 'CacheFirst',
      options: {
        cacheName: 'tableside-images',
        expiration: { maxEntries: 80, maxAgeSeconds: 30 * DAY, purgeOnQuotaError: true },
        // Photos on another host answer opaquely (status 0); the entry cap bounds what they cost.
        cacheableResponse: { statuses: [0, 200] },
      },
    },
  ],
};
