import { defineConfig } from 'vite';

const serverPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
  // `npm run dev`: vite serves the client; the signaling server runs beside it (`npm run serve`).
  server: { proxy: { '/ws': { target: `ws://127.0.0.1:${serverPort}`, ws: true } } },
});
