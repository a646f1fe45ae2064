// `migrate COUNTRY`: re-encrypts every record with the current secret version (`migrateAll`),
// showing progress on stderr. Ctrl-C stops it cleanly; running it again resumes.
import type { MigrateAllResult } from '@residency/sdk';
import { integerFlag } from '../arguments.ts';
import { ExitCode, exitCodeOf } from '../exit-codes.ts';
import { createProgressReporter } from '../progress.ts';
import type { Command } from './command.ts';

/** The result without `rawData` (ciphertext as stored), which is no use on a terminal. */
function migrateDocument(result: MigrateAllResult) {
  const { failures, ...counts } = result;
  return {
    ...counts,
    failures: failures.map(({ recordKey, error }) => ({
      recordKey,
      error: { name: error.name, message: error.message },
    })),
  };
}

/**
 * The exit code of a finished run: 0 when every record was migrated, else that of the first
 * failure (7 for a record no secret decrypts), or 5 when it stopped early at `maxFailures`.
 */
function migrateExitCode(result: MigrateAllResult): ExitCode {
  const [first] = result.failures;
  if (first) return exitCodeOf(first.error);
  return result.complete ? ExitCode.OK : ExitCode.SERVER;
}

/** `migrate COUNTRY [--page-size N] [--concurrency N]`. */
export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'COUNTRY [--page-size N] [--concurrency N] [--max-failures N]',
  summary: 're-encrypt every record with the current secret version (after a rotation)',
  flags: {
    'page-size': { type: 'string' },
    concurrency: { type: 'string' },
    'max-failures': { type: 'string' },
  },
  connects: true,
  arity: { min: 1, max: 1 },
  async run({ positionals, values, output, connect, stderrIsTTY }) {
    const [country = ''] = positionals;
    const pageSize = integerFlag(values, 'page-size', { min: 1, max: 100 });
    const concurrency = integerFlag(values, 'concurrency', { min: 1, max: 16 });
    const maxFailures = integerFlag(values, 'max-failures', { min: 1, max: 1_000_000 });
    const storage = await connect();
    const reporter = createProgressReporter({
      write: (text) => output.stderr.write(text),
      isTTY: stderrIsTTY,
      columns: (output.stderr as { columns?: number }).columns,
    });
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    process.once('SIGINT', abort);
    try {
      const result = await storage.migrateAll(country, {
        ...(pageSize === undefined ? {} : { pageSize }),
        ...(concurrency === undefined ? {} : { concurrency }),
        ...(maxFailures === undefined ? {} : { maxFailures }),
        signal: controller.signal,
        onProgress: (progress) => reporter.update(progress),
      });
      reporter.finish();
      const { migrated, failed, totalLeft } = result;
      output.result(
        migrateDocument(result),
        `${migrated} migrated, ${failed} failed, ${totalLeft} left${result.complete ? '' : ' (stopped early: run again)'}`,
      );
      return migrateExitCode(result);
    } finally {
      reporter.finish();
      process.off('SIGINT', abort);
    }
  },
};
