import { mergeConfig, type ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Each test file fails when it leaves a temporary folder behind (test/support/temp-folders.ts).
const config: ViteUserConfig = mergeConfig(sharedConfig(), {
  test: { setupFiles: ['test/support/check-temp-folders.ts'] },
});

export default config;
