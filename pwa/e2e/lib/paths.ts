import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What `npm run build` (and the e2e global setup) writes. */
export const PWA_DIST = fileURLToPath(new URL('../../dist', import.meta.url));

/** Screenshots of each screen, for a person to look at (gitignored). */
export const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/pwa/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });
