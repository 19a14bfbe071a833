import { prepareBenchDatabase, queryBenchDatabase } from './lib/benchDatabase.js';
import { PWA_DIST, initialFiles, ownerFiles, readManifest, sizeOf, type ChunkSize } from './lib/pwaBundle.js';
import { POOR_WIFI, joinTable, launchChromium, measurePage, type PageFigures } from './lib/pwaBrowser.js';
import { formatTable } from './lib/report.js';
import { withServerProcess } from './lib/serverProcess.js';
import { tablesideProcess } from './lib/servers.js';

/**
 * bench/pwa: what the diner app costs a phone. The JavaScript a first visit
 * to /t/:qrToken downloads (from Vite's build manifest, gzipped), that no
 * owner-app chunk is among what the page loads, and first contentful paint
 * from the Performance API in Chromium with the CPU slowed 4×, cold (no
 * cache, no service worker): on the landing page and on the menu of a diner
 * who already joined, then the same over a poor Wi-Fi; each the median of
 * three loads. Exits 1 if a budget is missed.
 */
const BUDGET = { initialGzipKb: 120, fcpMs: 2_000 };

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (value: number) => `${Math.round(value)} ms`;

const manifest = readManifest();
const initial = initialFiles(manifest).filter((file) => file.endsWith('.js'));
const owner = ownerFiles(manifest);
const sizes: ChunkSize[] = initial.map(sizeOf);
const total = (key: 'bytes' | 'gzip' | 'brotli') => sizes.reduce((sum, size) => sum + size[key], 0);
const initialGzip = total('gzip');

console.log(`bench/pwa: the build in ${PWA_DIST}; Chromium, CPU 4× slower, 390 × 844`);
await prepareBenchDatabase();
const [table] = await queryBenchDatabase<{ qr_token: string }>('select qr_token from tables where active limit 1');
if (!table) throw new Error('the demo seed left the bench database without an active table');

const runs = await withServerProcess(
  tablesideProcess({ PWA_DIST_DIR: PWA_DIST, LOG_LEVEL: 'warn' }),
  async (server) => {
    const browser = await launchChromium();
    try {
      const landingUrl = `${server.url}/t/${table.qr_token}`;
      const joined = await joinTable(server.url, table.qr_token);
      const seated = { storage: { [`tableside:session:${table.qr_token}`]: JSON.stringify(joined) } };
      // The median of three runs, after one unmeasured load that warms the server (JIT, compressed copies).
      const measure = async (label: string, run: () => Promise<PageFigures>) => {
        const figures = [await run(), await run(), await run()].sort((a, b) => a.fcpMs - b.fcpMs);
        return { label, figures: figures[1]! };
      };
      await measurePage(browser, landingUrl, 'h1');
      return [
        await measure('landing, cold', () => measurePage(browser, landingUrl, 'h1')),
        await measure('menu (joined), cold', () => measurePage(browser, `${landingUrl}/menu`, '[data-item]', seated)),
        await measure('landing, cold, poor Wi-Fi', () =>
          measurePage(browser, landingUrl, 'h1', { network: POOR_WIFI }),
        ),
        await measure('menu (joined), cold, poor Wi-Fi', () =>
          measurePage(browser, `${landingUrl}/menu`, '[data-item]', { ...seated, network: POOR_WIFI }),
        ),
      ];
    } finally {
      await browser.close();
    }
  },
);

console.log('\nInitial JavaScript of /t/:qrToken (the entry and its static imports):');
console.log(
  formatTable(
    ['file', 'raw KB', 'gzip KB', 'brotli KB'],
    [
      ...sizes.map((size) => [size.file, kb(size.bytes), kb(size.gzip), kb(size.brotli)]),
      ['total', kb(total('bytes')), kb(initialGzip), kb(total('brotli'))],
    ],
  ),
);

const loadedOwner = runs.flatMap(({ figures }) =>
  figures.scripts.filter((script) => owner.some((file) => script.url.endsWith(file))),
);
console.log('\nIn Chromium (CPU 4× slower; poor Wi-Fi = 1.6 Mbit/s, 150 ms round trips):');
console.log(
  formatTable(
    ['page', 'FCP', 'content shown', 'scripts', 'script bytes over the wire'],
    runs.map(({ label, figures }) => [
      label,
      ms(figures.fcpMs),
      ms(figures.readyMs),
      String(figures.scripts.length),
      `${kb(figures.scripts.reduce((sum, script) => sum + script.transferBytes, 0))} KB`,
    ]),
  ),
);

const [landing, menu] = runs;
const verdicts = [
  [
    'initial JS, gzip',
    `${kb(initialGzip)} KB`,
    `<= ${BUDGET.initialGzipKb} KB`,
    initialGzip <= BUDGET.initialGzipKb * 1024,
  ],
  ['owner chunks loaded on /t/*', `${loadedOwner.length} (of ${owner.length} built)`, '0', loadedOwner.length === 0],
  ['FCP, landing, 4× CPU', ms(landing!.figures.fcpMs), `<= ${BUDGET.fcpMs} ms`, landing!.figures.fcpMs <= BUDGET.fcpMs],
  ['FCP, menu, 4× CPU', ms(menu!.figures.fcpMs), `<= ${BUDGET.fcpMs} ms`, menu!.figures.fcpMs <= BUDGET.fcpMs],
] as const;
console.log('\nBudgets:');
console.log(
  formatTable(
    ['budget', 'measured', 'target', 'verdict'],
    verdicts.map(([label, measured, target, pass]) => [label, measured, target, pass ? 'PASS' : 'FAIL']),
  ),
);
if (verdicts.some(([, , , pass]) => !pass)) process.exitCode = 1;
