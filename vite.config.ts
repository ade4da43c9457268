// The dashboard build: client/ → dist/client, served by the server at /.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'client',
  base: './',
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8787', '/live': { target: 'ws://127.0.0.1:8787', ws: true } } },
});
