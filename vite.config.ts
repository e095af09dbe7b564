import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built to static files that `kira serve` and Electron's app:// protocol both serve.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1200,
  },
});
