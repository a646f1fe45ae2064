import { defineConfig, type ViteUserConfig } from 'vitest/config';

// Tests read sibling packages' sources through the `@residency/source` condition: no build needed.
const config: ViteUserConfig = defineConfig({
  resolve: { conditions: ['@residency/source'] },
  ssr: { resolve: { conditions: ['@residency/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    restoreMocks: true,
  },
});

export default config;
