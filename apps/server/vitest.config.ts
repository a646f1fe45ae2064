import { mergeConfig, type ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Unit and route tests: in-process (Hono's app.request()) against real PGlite, and the store
// tests against both PGlite and a real PostgreSQL cluster that the global setup starts once per
// run (Debian's postgresql package, a temporary folder, a free port). Opening a PGlite database
// takes seconds on a busy 2-core machine, hence the hook timeout.
const config: ViteUserConfig = mergeConfig(
  sharedConfig(['test/**/*.test.ts', '!test/**/*.integration.test.ts']),
  { test: { globalSetup: ['test/support/global-setup.ts'], hookTimeout: 120_000 } },
);

export default config;
