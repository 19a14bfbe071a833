import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MenuItem } from '@tableside/shared';
import type { Knex } from '../platform/db.js';
import { presentMenu } from './present.js';
import { loadMenuRows } from './repo.js';

export interface CachedMenu {
  version: number;
  etag: string;
  /** The serialized body as UTF-8 bytes, built once per version: an answer copies it, with no encoding or length scan. */
  body: Buffer;
  /** The body compressed, each encoding once per version, when a client first accepts it. */
  compressed: Partial<Record<MenuEncoding, Promise<Buffer>>>;
  /** Every item by id, for checking cart ops against the menu diners see. */
  items: Map<string, MenuItem>;
}

export type MenuEncoding = 'br' | 'gzip';

const compressors: Record<MenuEncoding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => promisify(brotliCompress)(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  gzip: (body) => promisify(gzip)(body, { level: 9 }),
};

/** The menu's body in `encoding`, compressed on first use (a phone's menu shrinks to a sixth or less). */
export function compressedMenu(menu: CachedMenu, encoding: MenuEncoding): Promise<Buffer> {
  return (menu.compressed[encoding] ??= compressors[encoding](menu.body));
}

/** A strong ETag naming the restaurant's menu version. */
export function menuEtag(restaurantId: string, version: number): string {
  return `"menu-${restaurantId}-${version}"`;
}

/**
 * The serialized menu of each restaurant, kept per process and keyed by menu
 * version: a request whose version matches costs no menu query and no
 * serialization. Concurrent misses for one restaurant share a single build.
 */
export function createMenuCache(db: Knex, options: { versionTtlMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedMenu>();
  /** The newest menu version known per restaurant, and until when to trust it without asking Postgres. */
  const versions = new Map<string, { version: number; freshUntil: number }>();
  const building = new Map<string, Promise<CachedMenu | undefined>>();

  async function build(restaurantId: string): Promise<CachedMenu | undefined> {
    const rows = await loadMenuRows(db, restaurantId);
    if (!rows) return undefined;
    const menu = presentMenu(rows);
    const entry: CachedMenu = {
      version: menu.version,
      etag: menuEtag(restaurantId, menu.version),
      body: Buffer.from(JSON.stringify(menu)),
      compressed: {},
      items: new Map(menu.categories.flatMap((category) => category.items.map((item) => [item.id, item] as const))),
    };
    const current = cache.get(restaurantId);
    if (!current || current.version < entry.version) cache.set(restaurantId, entry);
    return entry;
  }

  const cacheApi = {
    /** The menu at `version` or newer (a version read a moment ago may already be passed). */
    async get(restaurantId: string, version: number): Promise<CachedMenu | undefined> {
      const cached = cache.get(restaurantId);
      if (cached && cached.version >= version) return cached;
      let pending = building.get(restaurantId);
      if (!pending) {
        pending = build(restaurantId).finally(() => building.delete(restaurantId));
        building.set(restaurantId, pending);
      }
      const entry = await pending;
      // A build that started before the version we were asked for may predate it.
      return entry && entry.version < version ? build(restaurantId) : entry;
    },
    /**
     * The menu as it is now. The version is read from Postgres at most once per
     * `versionTtlMs` per restaurant; in between, `menu:changed` on the bus moves
     * it at once (see `menuChanged`), so cart ops on a busy table cost no query.
     */
    async current(restaurantId: string): Promise<CachedMenu | undefined> {
      const known = versions.get(restaurantId);
      if (known && known.freshUntil > now()) return cacheApi.get(restaurantId, known.version);
      const row = await db('restaurants').where({ id: restaurantId }).first('menu_version');
      if (!row) return undefined;
      cacheApi.menuChanged(restaurantId, row.menu_version as number);
      return cacheApi.get(restaurantId, row.menu_version as number);
    },
    /** A newer menu version, heard on the bus or written by this process. */
    menuChanged(restaurantId: string, version: number): void {
      const known = versions.get(restaurantId);
      versions.set(restaurantId, {
        version: Math.max(version, known?.version ?? 0),
        freshUntil: now() + options.versionTtlMs,
      });
    },
  };
  return cacheApi;
}
export type MenuCache = ReturnType<typeof createMenuCache>;
