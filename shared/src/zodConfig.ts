import { z } from 'zod';

/**
 * In a browser, Zod must not compile its object parsers with `new Function`:
 * our pages run under a Content-Security-Policy without 'unsafe-eval', and
 * Zod probes whether eval works as each object schema is built, which the
 * browser reports as a violation. Node keeps the compiled parsers (the
 * server's hot paths parse every request). `index.ts` imports this first, so
 * it runs before any schema is built.
 */
if ('document' in globalThis) z.config({ jitless: true });
