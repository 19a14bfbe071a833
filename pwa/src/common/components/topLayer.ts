/** Dispatched on `document` when a modal sheet enters the top layer, so TheLiveRegion can rise above it. */
export const TOP_LAYER_CHANGED = 'tableside:top-layer';
