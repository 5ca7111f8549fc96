import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { compression } from 'vite-plugin-compression2'

// Served by the API under /screen/; in development Vite proxies the API so the page has one origin.
export default defineConfig({
  base: '/screen/',
  // Brotli and gzip copies beside each text asset, served by the API as they are (precompressed): a
  // wall on a slow link loads a third of the bytes and the server compresses nothing per request.
  plugins: [
    vue(),
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(js|css|html|svg|json)$/, threshold: 1024 }),
  ],
  server: { proxy: { '/api': process.env.COCKPIT_API ?? 'http://127.0.0.1:8080' } },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks: (id) =>
          id.includes('node_modules/echarts') || id.includes('node_modules/zrender') ? 'echarts' : undefined,
      },
    },
  },
})
