import type { ViteUserConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.ts';

// Unit and route tests: in-process (Hono's app.request()) against real PGlite and PostgreSQL.
const config: ViteUserConfig = sharedConfig(['test/**/*.test.ts', '!test/**/*.integration.test.ts']);

export default config;
