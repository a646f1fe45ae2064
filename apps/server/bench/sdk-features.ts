// The SDK features bench (second part of `pnpm --filter @residency/server bench`): the facade
// SDK's key rotation and attachments against the server binary running on PGlite in its own
// process, over real HTTP.
//
//   tsx --conditions=@residency/source bench/sdk-features.ts [--migrate-records=N]
//       [--attachment-mib=N]
//
// (1) attachment throughput: a file (default 256 MiB) uploaded from disk and downloaded, MiB/s
//     each way, with the peak resident size of this process (the SDK) and of the server; first,
//     while this process's heap holds nothing of the other part;
// (2) migration throughput: `migrateAll` re-encrypting N records (default 10,000) from secret
//     version 1 to 2, with its defaults and with concurrency 4, for a raw-key secret and for a
//     password secret, beside `batchWrite` of the same records to the same server.
// Beside each rate: CPU time per unit, which the machine's load does not change much. Figures
// only: nothing here asserts on time.

import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectStorage } from '../test/integration-support/sdk-storage.ts';
import { spawnServer } from '../test/integration-support/spawned-server.ts';
import { measureAttachmentThroughput } from './attachment-throughput.ts';
import { measureMigration, secretKinds } from './migration-throughput.ts';
import { describeAttachments, describeMigration } from './sdk-features-report.ts';

const MIB = 1024 * 1024;
/** The attachments' country: apart from the migrated ones, whose finds would meet its record. */
const ATTACHMENT_COUNTRY = 'gb';

interface SdkFeaturesOptions {
  readonly migrateRecords: number;
  readonly attachmentBytes: number;
}

function parseOptions(args: readonly string[]): SdkFeaturesOptions {
  const flags = new Map(args.map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
  for (const name of flags.keys()) {
    if (name !== 'migrate-records' && name !== 'attachment-mib') {
      throw new Error(`unknown flag --${name}: --migrate-records=N --attachment-mib=N`);
    }
  }
  const count = (name: string, fallback: number): number => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isSafeInteger(value) || value < 1)
      throw new Error(`--${name} must be an integer ≥ 1`);
    return value;
  };
  return {
    migrateRecords: count('migrate-records', 10_000),
    attachmentBytes: count('attachment-mib', 256) * MIB,
  };
}

const print = (lines: readonly string[]): void => {
  for (const line of lines) console.log(line);
};

const load = (): string => loadavg()[0]?.toFixed(1) ?? '?';

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
console.log(
  `# SDK features bench: Node ${process.version}, ${cpus().length} cores, load average ${load()} at start`,
);
const dataDir = await mkdtemp(join(tmpdir(), 'residency-sdk-bench-'));
try {
  const kinds = secretKinds();
  const maxAttachmentSize = Math.max(options.attachmentBytes, 100 * MIB);
  const server = await spawnServer(dataDir, [
    ...['--countries', [ATTACHMENT_COUNTRY, ...kinds.map((kind) => kind.country)].join(',')],
    ...['--max-attachment-size', String(maxAttachmentSize)],
  ]);
  try {
    console.log(`\n## PGlite server in its own process (pid ${server.pid}), the SDK in this one\n`);
    const storage = await connectStorage(server.url, server.credentials, { maxAttachmentSize });
    const attachments = await measureAttachmentThroughput(
      storage,
      ATTACHMENT_COUNTRY,
      server.pid,
      options.attachmentBytes,
    );
    print(describeAttachments(attachments));
    console.log(`    (load average ${load()} after the attachment runs)\n`);
    const migration = [];
    for (const kind of kinds) {
      migration.push(
        await measureMigration(
          server.url,
          server.credentials,
          server.pid,
          kind,
          options.migrateRecords,
        ),
      );
    }
    print(describeMigration(migration));
  } finally {
    await server.stop('SIGTERM');
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
console.log(
  `\nfinished in ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${load()} at the end`,
);
