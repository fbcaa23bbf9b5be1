import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
// COOP + COEP make the page crossOriginIsolated, so ONNX Runtime's WASM backend can use threads
// (SharedArrayBuffer). `credentialless`, not `require-corp`: model hosts answer CORS but send no
// Cross-Origin-Resource-Policy. `npm start` (preview) sends the same security headers as
// scripts/serve.mjs (start:fixtures, the tests); the dev server only the isolation ones, since
// Vite's hot reload needs inline scripts and a websocket a production policy forbids.
import CROSS_ORIGIN_ISOLATION from './scripts/cross-origin-isolation.json' with { type: 'json' };
import { securityHeaders } from './scripts/security-headers.mjs';

const PREVIEW_HEADERS = securityHeaders({ catalogues: [fileURLToPath(new URL('./models/catalog.json', import.meta.url))] })();

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      // The app asks the doctor before switching versions (never mid-recording): see src/app/pwa.ts.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg', 'icons/*.png'],
      manifest: {
        name: 'Escriba — notas clínicas en su computadora',
        short_name: 'Escriba',
        description:
          'Graba la consulta, la transcribe y redacta la nota clínica en español, sin que los datos del paciente salgan de esta computadora.',
        lang: 'es',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f5',
        theme_color: '#1f4e5f',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Only the app shell is precached; model files get their own cache from the model manager.
        // ONNX Runtime's WebAssembly (src/speech/onnxRuntimeFiles.ts) is part of the shell: without
        // it no model runs, so it must be on disk from the first visit, before any offline use.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}', 'assets/ort-wasm-simd-threaded.asyncify-*.{mjs,wasm}'],
        // Workbox skips files over 2 MiB by default; ORT's .wasm is about 26 MiB.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
        navigateFallback: 'index.html',
        navigateFallbackDenylist: [/^\/models\//],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  worker: { format: 'es' },
  // Pre-bundled at start: discovered later (the speech worker imports it), the dev server would
  // re-optimise and reload the page mid-session.
  optimizeDeps: { include: ['@huggingface/transformers'] },
  build: { target: 'es2022', sourcemap: true },
  preview: { port: Number(process.env.PORT ?? 4173), strictPort: true, host: 'localhost', headers: PREVIEW_HEADERS },
  server: { port: Number(process.env.PORT ?? 5173), host: 'localhost', headers: CROSS_ORIGIN_ISOLATION },
});
