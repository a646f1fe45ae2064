import { fileURLToPath } from 'node:url';
import { mergeConfig, type ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../../../vitest.shared.ts';

// The store tests with one PostgreSQL cluster for the whole run, until apps/server's
// vitest.config.ts lists test/support/global-setup.ts itself:
//   npx vitest run --config test/support/vitest.store.config.ts
const config: ViteUserConfig = mergeConfig(sharedConfig(['test/store/**/*.test.ts']), {
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: { globalSetup: ['test/support/global-setup.ts'] },
});

export default config;
