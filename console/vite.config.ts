import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the Tributary server from console/dist at `/`;
// in dev, Vite proxies API calls to a server started with `tributary serve`.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd and echarts are single vendor chunks by design (cached apart from app code;
    // echarts loads only with the chart pages), so their size is expected. The pricing forms
    // bring antd's date picker, drawer, timeline and friends: antd is ~1.2 MB (~350 kB gzip).
    chunkSizeWarningLimit: 1300,
    rollupOptions: {
      output: {
        // Keep the big vendor libraries in their own long-cached chunks.
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('/echarts/') || id.includes('/zrender/')) return 'echarts';
          if (id.includes('/antd/') || id.includes('/@ant-design/') || id.includes('/@rc-component/') || id.includes('/rc-')) return 'antd';
          if (id.includes('/react-dom/') || id.includes('/react/') || id.includes('/scheduler/')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: {
      '/v1': 'http://127.0.0.1:8080',
    },
  },
});
