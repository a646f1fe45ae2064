import { mergeConfig, type ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Integration tests: the facade SDK against the real server over real HTTP, on PGlite and on
// the PostgreSQL cluster the global setup starts.
const config: ViteUserConfig = mergeConfig(
  sharedConfig(['test/**/*.integration.test.ts'], 'test-results.integration.json'),
  { test: { globalSetup: ['test/support/global-setup.ts'], hookTimeout: 120_000 } },
);

export default config;
