// The policy every served page runs under: what it allows to connect to and what it never allows.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { catalogueOrigins, contentSecurityPolicy, securityHeaders } from './security-headers.mjs';

const dir = mkdtempSync(join(tmpdir(), 'escriba-csp-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const directive = (policy, name) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('catalogueOrigins', () => {
  it('takes the origin of every absolute host and model library, with the hosts Hugging Face redirects to', () => {
    const json = {
      models: [
        { source: { host: 'https://huggingface.co', repo: 'a/b' } },
        { variants: [{ modelLib: 'https://raw.githubusercontent.com/mlc-ai/libs/main/x.wasm', source: { host: 'https://huggingface.co' } }] },
        { source: { host: 'http://192.168.0.10:8080/modelos' } },
      ],
    };
    expect(catalogueOrigins(json)).toEqual([
      'http://192.168.0.10:8080',
      'https://*.hf.co',
      'https://*.huggingface.co',
      'https://huggingface.co',
      'https://raw.githubusercontent.com',
    ]);
  });

  it('adds nothing for hosts relative to the app (a clinic folder on the same server is self)', () => {
    expect(catalogueOrigins({ models: [{ source: { host: '/models/hub' } }] })).toEqual([]);
  });
});

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy({ connectOrigins: ['https://huggingface.co'] });

  it('runs code only from this origin and never evaluates JavaScript (WebAssembly may compile)', () => {
    expect(directive(policy, 'script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain("'unsafe-inline'");
    expect(directive(policy, 'object-src')).toBe("object-src 'none'");
  });

  it('connects only to this origin and the catalogue hosts', () => {
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' https://huggingface.co");
  });

  it('names the report address only when asked', () => {
    expect(policy).not.toContain('report-uri');
    expect(contentSecurityPolicy({ connectOrigins: [], reportUri: '/__csp-report' })).toContain('report-uri /__csp-report');
  });
});

describe('securityHeaders', () => {
  it('follows a clinic catalogue rewritten while the server runs, and allows nothing for a broken one', () => {
    const path = join(dir, 'catalog.json');
    writeFileSync(path, JSON.stringify({ models: [{ source: { host: 'http://clinic.local:9000' } }] }));
    const headers = securityHeaders({ catalogues: [path] });
    expect(directive(headers()['Content-Security-Policy'], 'connect-src')).toBe("connect-src 'self' http://clinic.local:9000");

    writeFileSync(path, '{ not json');
    utimesSync(path, new Date(), new Date(Date.now() + 5_000)); // a new mtime even on a coarse clock
    expect(directive(headers()['Content-Security-Policy'], 'connect-src')).toBe("connect-src 'self'");
  });

  it('keeps the isolation headers and allows the microphone to this origin only', () => {
    const headers = securityHeaders({ catalogues: [] })();
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Cross-Origin-Embedder-Policy']).toBe('credentialless');
    expect(headers['Permissions-Policy']).toContain('microphone=(self)');
    expect(headers['Permissions-Policy']).toContain('camera=()');
  });
});
