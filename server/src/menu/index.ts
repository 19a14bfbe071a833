export { announceMenuChanged } from './announceMenuChanged.js';
export { editMenuItem } from './editMenuItem.js';
export { createMenuCache, menuEtag, type MenuCache } from './menuCache.js';
export { bumpMenuVersion, updateMenuItem, type ItemPatch, type ItemRow } from './repo.js';
export { menuRouter } from './routes.js';
export { stockChangeIsVisible, visibleStock } from './stock.js';
