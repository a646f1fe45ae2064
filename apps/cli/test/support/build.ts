// vitest globalSetup: the tests run the built binary, which imports the SDK's built `dist`, so
// the SDK chain and the CLI are built first (turbo: unchanged packages come from its cache).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..', '..');

/** Builds `@residency/cli` and everything it depends on. */
export function setup(): void {
  execFileSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--filter=@residency/cli...', '--output-logs=errors-only'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
