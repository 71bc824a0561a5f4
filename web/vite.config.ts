import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API process serves dist/ at / (src/common/http/serve-web.ts); in `npm run dev -w web`
// Vite proxies the API so the refresh cookie stays same-origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
