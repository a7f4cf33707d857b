import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { SHARE_TARGET_PATH } from './client/web/platform/share-target.ts';

const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  // The manifest tells the first-load size check (test/client/web/first-load-size.test.ts) what the page loads up front.
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, manifest: true },
  // `npm run dev`: vite serves the client; the signaling server runs beside it (`npm run serve`).
  server: { proxy: { '/ws': { target: `ws://127.0.0.1:${serverPort}`, ws: true } } },
  plugins: [
    VitePWA({
      // Our own service worker (Workbox's precaching plus the share target), built by the plugin.
      strategies: 'injectManifest',
      srcDir: 'client/web/service-worker',
      filename: 'service-worker.ts',
      // Registered from the app (client/web/platform/app-updates.ts), which decides when to reload.
      injectRegister: false,
      registerType: 'prompt',
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,ico}'] },
      manifest: {
        id: '/',
        name: 'Chat',
        short_name: 'Chat',
        description: 'Talk to everyone in the room, or privately, peer to peer: messages, files and calls.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#00a884',
        background_color: '#0b141a',
        icons: [
          { src: 'pwa-64x64.png', sizes: '64x64', type: 'image/png' },
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Files shared from the system's share sheet (the service worker takes the POST).
        share_target: {
          action: SHARE_TARGET_PATH,
          method: 'POST',
          enctype: 'multipart/form-data',
          params: { files: [{ name: 'files', accept: ['*/*'] }] },
        },
      },
    }),
  ],
});
