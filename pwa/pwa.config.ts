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

/**
 * The worker Workbox generates: the app shell precached (any /t/... link
 * opens offline), the table's menu stale-while-revalidate (the revalidation
 * sends the ETag; a changed ETag is broadcast to the page, which reloads the
 * menu), dish photos cache-first with a cap on how many are kept.
 */
export const pwaWorkbox: Partial<VitePWAOptions['workbox']> = {
  // The manifest and its icons are added by the plugin itself.
  globPatterns: ['**/*.{js,css,html,svg}', 'icons/apple-touch-icon.png'],
  navigateFallback: '/index.html',
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
