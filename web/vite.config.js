import { defineConfig } from 'vite';

// The server (`ecobarrier serve --static web/dist`) mounts the build at `/`; relative asset URLs keep
// the dashboard working wherever it is mounted.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // maplibre-gl and echarts change rarely: separate chunks keep the app chunk small and cacheable.
        manualChunks(id) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre';
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev` proxies the API to a running `ecobarrier serve --port 8080`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
