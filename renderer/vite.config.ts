import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to static files: the Electron app loads them from
// its own protocol and `serve` mode serves them over HTTP. No dev server in
// production paths, no remote origins.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 2000,
  },
});
