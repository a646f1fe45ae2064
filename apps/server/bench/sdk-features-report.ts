// The SDK features bench's tables, in bench-report's style: aligned columns, the reference
// measured in the same run beside each rate, and the CPU time per unit beside it.

import type { AttachmentFigures, PeakMemory, TransferFigures } from './attachment-throughput.ts';
import { mebibytes, perSecond } from './bench-measure.ts';
import { formatTable } from './bench-report.ts';
import {
  MIGRATE_CONCURRENCY,
  type MigrationFigures,
  type RunFigures,
} from './migration-throughput.ts';

const ratio = (value: number, reference: number): string => `${(value / reference).toFixed(2)}×`;

/**
 * The migration table (2).
 * @param kinds The figures of each secret kind.
 * @returns The lines.
 */
export function describeMigration(kinds: readonly MigrationFigures[]): string[] {
  const row = (label: string, run: RunFigures, reference: RunFigures) => [
    label,
    perSecond(run.rate),
    ratio(run.rate, reference.rate),
    run.cpuPerThousand.client.toFixed(0),
    run.cpuPerThousand.server.toFixed(0),
  ];
  const rows = kinds.flatMap((kind) => [
    [kind.title, '', '', '', ''],
    row('  migrateAll, defaults (1 page in flight)', kind.migrate[0], kind.write[0]),
    row(`  migrateAll, concurrency ${MIGRATE_CONCURRENCY}`, kind.migrate[1], kind.write[1]),
    row('  reference: batchWrite, 1 batch in flight', kind.write[0], kind.write[0]),
    row(`  reference: batchWrite, ${MIGRATE_CONCURRENCY} in flight`, kind.write[1], kind.write[1]),
  ]);
  const problems = kinds.flatMap((kind) =>
    kind.problems.map((problem) => `    PROBLEM (${kind.title}): ${problem}`),
  );
  const count = kinds[0]?.count.toLocaleString('en-US') ?? '0';
  return [
    `(2) migration: ${count} records re-encrypted from secret version 1 to 2, end to end; CPU ms per 1000 records`,
    ...formatTable([['', 'records/s', 'vs write', 'SDK CPU', 'server CPU'], ...rows]),
    '    vs write: the rate over batchWrite of the same records, as many batches in flight, same server;',
    '    a page is one find, one decrypt and encrypt per record, one conditional batch write',
    ...problems,
  ];
}

const memory = (figures: PeakMemory): string =>
  `${mebibytes(figures.baseline)} → ${mebibytes(figures.peak)} (+${mebibytes(figures.peak - figures.baseline)})`;

/**
 * The attachment table (1).
 * @param figures The figures.
 * @returns The lines.
 */
export function describeAttachments(figures: AttachmentFigures): string[] {
  const row = (label: string, transfer: TransferFigures) => [
    label,
    transfer.mibPerSecond.toFixed(1),
    transfer.cpuPerMiB.client.toFixed(1),
    transfer.cpuPerMiB.server.toFixed(1),
    memory(transfer.sdk),
    memory(transfer.server),
  ];
  const resets = figures.upload.sdk.peakReset && figures.upload.server.peakReset;
  return [
    `(1) attachments: a ${mebibytes(figures.size)} file uploaded from disk by path and downloaded as a stream, through the SDK`,
    ...formatTable([
      [
        '',
        'MiB/s',
        'SDK CPU',
        'server CPU',
        'SDK RSS: baseline → peak',
        'server RSS: baseline → peak',
      ],
      row('upload', figures.upload),
      row('download', figures.download),
    ]),
    `    upload/download: ${ratio(figures.upload.mibPerSecond, figures.download.mibPerSecond)}; bytes match (SHA-256 of the download and the server's): ${figures.bytesMatch ? 'yes' : 'NO'}`,
    `    CPU ms per MiB; RSS after a 4 MiB warm-up, peak from ${resets ? 'VmHWM reset before each transfer, and ' : ''}VmRSS sampled every 20 ms`,
  ];
}
