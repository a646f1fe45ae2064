// Builds the page (src/page) into dist/page, which the demo's backend serves. Sibling packages
// are read from their sources (the `@residency/source` condition, house style §5), so the page
// needs no build of the SDK; in a browser build the SDK's default, web-only entries are used.
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type UserConfig } from 'vite';

const config: UserConfig = defineConfig({
  root: fileURLToPath(new URL('./src/page', import.meta.url)),
  resolve: { conditions: ['@residency/source', ...defaultClientConditions] },
  build: {
    outDir: fileURLToPath(new URL('./dist/page', import.meta.url)),
    emptyOutDir: true,
    // The page is small and the SDK is readable: keep it readable in the browser's tools.
    sourcemap: true,
  },
});

export default config;
