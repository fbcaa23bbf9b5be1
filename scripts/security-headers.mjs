/**
 * The HTTP headers every response of the app carries (scripts/serve.mjs, `vite preview`). A clinic
 * server that hosts Escriba must send the same ones (README, «Para quien administra Escriba»).
 *
 * - Cross-origin isolation (cross-origin-isolation.json): ONNX Runtime's WASM backend needs
 *   SharedArrayBuffer to run on more than one thread.
 * - Content-Security-Policy: code runs only from this origin ('wasm-unsafe-eval' lets ONNX Runtime,
 *   web-llm and xgrammar compile their WebAssembly; nothing may eval JavaScript), and the page may
 *   connect only to itself and to the hosts the model catalogues name. That is the browser's own
 *   guarantee of "nothing leaves this computer" beyond model downloads.
 * - Permissions-Policy: the microphone for this origin only; no camera, location or payment.
 */
import { readFileSync, statSync } from 'node:fs';
import CROSS_ORIGIN_ISOLATION from './cross-origin-isolation.json' with { type: 'json' };

/**
 * Hugging Face answers a file request with a redirect to its content servers; a CSP covers the
 * redirect's target too, so they must be allowed wherever huggingface.co is.
 */
const REDIRECT_HOSTS = new Map([['https://huggingface.co', ['https://*.huggingface.co', 'https://*.hf.co']]]);

/** Origins of every `host` and `modelLib` in a catalogue (relative ones are this origin: 'self'). */
export function catalogueOrigins(json) {
  const origins = new Set();
  const visit = (value, key) => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item));
    if (value && typeof value === 'object') return Object.entries(value).forEach(([k, v]) => visit(v, k));
    if ((key === 'host' || key === 'modelLib') && typeof value === 'string' && /^https?:\/\//.test(value)) {
      const origin = new URL(value).origin;
      origins.add(origin);
      for (const extra of REDIRECT_HOSTS.get(origin) ?? []) origins.add(extra);
    }
  };
  visit(json);
  return [...origins].sort();
}

/** @param {{ connectOrigins: string[], reportUri?: string }} options */
export function contentSecurityPolicy({ connectOrigins, reportUri }) {
  const directives = [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  if (reportUri) directives.push(`report-uri ${reportUri}`);
  return directives.join('; ');
}

export const PERMISSIONS_POLICY = 'microphone=(self), camera=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()';

/** Reads a catalogue file again only when it changes (a clinic folder may be rewritten while served). */
function cachedCatalogueOrigins() {
  const cache = new Map();
  return (path) => {
    let mtime;
    try {
      mtime = statSync(path).mtimeMs;
    } catch {
      return [];
    }
    const hit = cache.get(path);
    if (hit?.mtime === mtime) return hit.origins;
    let origins = [];
    try {
      origins = catalogueOrigins(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      // A broken catalogue is the app's to report (in Spanish, on «Modelos»); it allows no host.
    }
    cache.set(path, { mtime, origins });
    return origins;
  };
}

/**
 * The headers for one response, from the catalogues this server offers (the one bundled with the
 * build and a clinic folder's catalog.json, read at request time).
 * @param {{ catalogues: string[], reportUri?: string }} options
 */
export function securityHeaders({ catalogues, reportUri }) {
  const originsOf = cachedCatalogueOrigins();
  return () => {
    const connectOrigins = [...new Set(catalogues.flatMap((path) => originsOf(path)))].sort();
    return {
      ...CROSS_ORIGIN_ISOLATION,
      'Content-Security-Policy': contentSecurityPolicy({ connectOrigins, reportUri }),
      'Permissions-Policy': PERMISSIONS_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
  };
}
