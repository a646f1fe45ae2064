import type { ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Integration tests: the facade SDK against the real server over real HTTP.
const config: ViteUserConfig = sharedConfig(
  ['test/**/*.integration.test.ts'],
  'test-results.integration.json',
);

export default config;
