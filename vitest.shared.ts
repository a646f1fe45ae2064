import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * The vitest settings every package shares: sibling packages are read from their sources
 * through the `@residency/source` condition (no build, no stale dist), mocks are restored after
 * each test, and a JSON report feeds the repo-wide summary line (`tools/test-summary.ts`).
 *
 * @param include Globs of the test files this config runs.
 * @param report The JSON report's file name: a package with two suites (unit and integration)
 *   gives each its own, so one run does not overwrite the other's.
 * @returns The vitest configuration.
 */
export function sharedConfig(
  include: string[] = ['test/**/*.test.ts'],
  report = 'test-results.json',
): ViteUserConfig {
  return defineConfig({
    resolve: { conditions: ['@residency/source'] },
    ssr: { resolve: { conditions: ['@residency/source'] } },
    test: {
      include,
      restoreMocks: true,
      // Guards against a hang, never speed checks: PBKDF2, PGlite and child processes take
      // seconds on a busy 2-core machine, and vitest's 5 s default failed there.
      testTimeout: 60_000,
      hookTimeout: 120_000,
      reporters: ['default', 'json'],
      outputFile: { json: `./${report}` },
    },
  });
}
