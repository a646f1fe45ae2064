import type { ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// The tests run the built binary against a real server process: building the SDK chain
// (globalSetup) and starting a server take tens of seconds on a small machine.
const shared = sharedConfig();
const config: ViteUserConfig = {
  ...shared,
  test: {
    ...shared.test,
    globalSetup: ['./test/support/build.ts'],
    hookTimeout: 300_000,
    testTimeout: 120_000,
  },
};

export default config;
