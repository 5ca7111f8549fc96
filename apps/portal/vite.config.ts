import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Served by the API under /portal/; in development Vite proxies the API so the page has one origin
// (the session cookie and the CSRF header then work as in production).
export default defineConfig({
  base: '/portal/',
  plugins: [vue()],
  server: { proxy: { '/api': process.env.COCKPIT_API ?? 'http://127.0.0.1:8080' } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: { output: { manualChunks: (id) => (id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : undefined) } },
  },
})
