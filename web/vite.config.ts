import { defineConfig } from 'vite';

// The build goes into marsad-server's assets, which the server embeds (rust-embed) and which
// are committed, so that `cargo build` needs no Node. CI rebuilds them and checks for a diff.
export default defineConfig({
  base: '/',
  build: {
    outDir: '../crates/marsad-server/assets',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
