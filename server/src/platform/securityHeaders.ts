import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * The app's documents (the PWA's HTML, its scripts and service worker) get
 * helmet's defaults (no sniffing, no framing, HSTS, no referrer leaks) and a
 * CSP the PWA lives within: its own scripts, workers and sockets only; menu
 * photos may come from any https host.
 */
const DOCUMENT_POLICY = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      manifestSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The kiosk's display, served by its agent on localhost, embeds nothing of ours.
  crossOriginEmbedderPolicy: false,
};

/**
 * helmet's headers for DOCUMENT_POLICY, worked out once: with no per-request
 * CSP nonce they are the same on every answer, so each answer only copies them.
 */
function documentHeaders(): HeaderList {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: () => undefined,
  };
  helmet(DOCUMENT_POLICY)({} as IncomingMessage, recorder as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Every other answer is JSON read by our own scripts (the API, health,
 * errors): OWASP's REST Security Cheat Sheet set. A JSON body is never a
 * document, so the policy a page needs (referrer, opener, DNS prefetch,
 * download and legacy XSS switches) would only lengthen the answer that every
 * phone at every table fetches again and again; what matters for JSON is that
 * nothing sniffs it into a document, frames it or reads it from another site.
 */
const API_HEADERS: HeaderList = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
];

const DOCUMENT_HEADERS = documentHeaders();

function apply(res: ServerResponse, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}

/** Sets the API's headers on an answer; the app's files replace them with `setDocumentHeaders`. */
export function setApiHeaders(res: ServerResponse): void {
  apply(res, API_HEADERS);
}

/** The headers of the app's documents and scripts, replacing the API's. */
export function setDocumentHeaders(res: ServerResponse): void {
  apply(res, DOCUMENT_HEADERS);
}
