import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { repoPath } from './paths.js';

/** One entry of Vite's build manifest (pwa/dist/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export const PWA_DIST = repoPath('pwa/dist');

export interface ChunkSize {
  file: string;
  bytes: number;
  gzip: number;
  brotli: number;
}

export function readManifest(): Manifest {
  const path = join(PWA_DIST, '.vite/manifest.json');
  if (!existsSync(path)) throw new Error(`no PWA build at ${PWA_DIST}: run npm run build first`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The JavaScript a first visit downloads before anything runs: the entry and everything it imports statically. */
export function initialFiles(manifest: Manifest): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit('index.html');
  return [...files];
}

/** Chunks built from the owner app's sources (pwa/src/admin/): none of them may load on /t/*. */
export function ownerFiles(manifest: Manifest): string[] {
  return Object.values(manifest)
    .filter((chunk) => chunk.src?.startsWith('src/admin/'))
    .map((chunk) => chunk.file);
}

/** Sizes as a server sends them: raw, gzip -9, brotli (quality 10, as the server compresses). */
export function sizeOf(file: string): ChunkSize {
  const body = readFileSync(join(PWA_DIST, file));
  return {
    file,
    bytes: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }).length,
  };
}
