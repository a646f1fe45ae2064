// The server bench's tables: aligned columns, a reference in every table, and the CPU time per
// unit beside each rate or latency, from which the rate an idle machine could reach follows.

import { cpus } from 'node:os';
import type { MemoryFigures } from './attachment-memory.ts';
import { type Latency, mebibytes, perSecond } from './bench-measure.ts';
import { FIND_CASES, type SdkFindFigures } from './find-latency.ts';
import type { CpuSpent } from './process-stats.ts';
import {
  type SdkWriteFigures,
  WRITE_BATCH_SIZE,
  WRITE_CONCURRENCY,
  type WriteReferences,
} from './write-throughput.ts';

/**
 * Aligns a table: the first column to the left, the others to the right.
 * @param rows The header row, then the data rows; all of the same length.
 * @returns One indented line per row.
 */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  );
  return rows.map(
    (row) =>
      `    ${row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  ')}`,
  );
}

const ratio = (value: number, reference: number): string => `${(value / reference).toFixed(2)}×`;

const cpuCells = (cpu: CpuSpent, digits: number): string[] =>
  [cpu.client, cpu.server, cpu.database].map((ms) => ms.toFixed(digits));

/**
 * The rate the CPU time allows when every core of this machine works for the run alone.
 * @param cpuPerThousand CPU milliseconds per 1000 units, of every party.
 * @returns Units per second.
 */
function idleCeiling(cpuPerThousand: CpuSpent): number {
  const total = cpuPerThousand.client + cpuPerThousand.server + cpuPerThousand.database;
  return (cpus().length * 1000 * 1000) / total;
}

/**
 * The write table (a).
 * @param runs The SDK runs: one batch in flight, then several.
 * @param references The encode and store-insert references.
 * @returns The lines.
 */
export function describeWrites(
  runs: readonly [SdkWriteFigures, SdkWriteFigures],
  references: WriteReferences,
): string[] {
  const sdkRow = (label: string, figures: SdkWriteFigures) => [
    label,
    perSecond(figures.rate),
    ratio(figures.rate, references.encode),
    ratio(figures.rate, references.storeInsert),
    ...cpuCells(figures.cpuPerThousand, 0),
    perSecond(idleCeiling(figures.cpuPerThousand)),
  ];
  const referenceRow = (label: string, rate: number) => [
    label,
    perSecond(rate),
    ratio(rate, references.encode),
    ratio(rate, references.storeInsert),
    ...['', '', '', ''],
  ];
  return [
    `(a) writes: batchWrite of ${WRITE_BATCH_SIZE} records, raw-key secret; CPU ms per 1000 records`,
    ...formatTable([
      ['', 'records/s', 'vs encode', 'vs store', 'SDK CPU', 'server', 'database', 'idle max'],
      sdkRow('SDK → HTTP → server, 1 batch in flight', runs[0]),
      sdkRow(`SDK → HTTP → server, ${WRITE_CONCURRENCY} batches in flight`, runs[1]),
      referenceRow('reference: SDK encoding alone', references.encode),
      referenceRow(
        `reference: store inserts, ${WRITE_CONCURRENCY} in flight`,
        references.storeInsert,
      ),
    ]),
    `    CPU: this process (the SDK), the server process, the PostgreSQL cluster's processes (PGlite`,
    `    runs inside the server: counted there); idle max: records/s those CPU times allow on ${cpus().length} idle cores`,
  ];
}

/**
 * The find table (b).
 * @param count The bulk's size.
 * @param sdk The SDK's figures per case.
 * @param store The store's latency per case.
 * @returns The lines.
 */
export function describeFinds(
  count: number,
  sdk: readonly SdkFindFigures[],
  store: readonly Latency[],
): string[] {
  const rows = FIND_CASES.map((findCase, index) => {
    const viaSdk = sdk[index] as SdkFindFigures;
    const viaStore = store[index] as Latency;
    const matches = Math.round(count * findCase.share * 0.1).toLocaleString('en-US');
    return [
      findCase.title,
      `~${matches}`,
      ...[viaSdk.latency.p50, viaSdk.latency.p99, viaStore.p50, viaStore.p99].map((ms) =>
        ms.toFixed(2),
      ),
      ratio(viaSdk.latency.p50, viaStore.p50),
      ...cpuCells(viaSdk.cpuPerFind, 2),
    ];
  });
  return [
    `(b) finds: ${count.toLocaleString('en-US')} records, range_key1 over a tenth of its span; ms`,
    ...formatTable([
      ['key equality + range', 'matches', 'SDK p50', 'SDK p99', 'store p50', 'store p99'].concat([
        'SDK/store',
        'SDK CPU',
        'server',
        'database',
      ]),
      ...rows,
    ]),
    '    SDK: through the SDK over HTTP; store: the same query on the store in-process; CPU per find',
  ];
}

/**
 * The memory lines (c).
 * @param figures The figures.
 * @param size The file's size in bytes.
 * @returns The lines.
 */
export function describeMemory(figures: MemoryFigures, size: number): string[] {
  const peakSource = figures.peakReset
    ? 'VmHWM reset after a warm-up, and VmRSS samples'
    : 'VmRSS samples';
  const rates = `up ${figures.uploadMiBPerSecond.toFixed(0)} MiB/s, down ${figures.downloadMiBPerSecond.toFixed(0)} MiB/s`;
  return [
    `(c) a ${mebibytes(size)} attachment up and down through the server process, via the SDK`,
    `    ${rates}; bytes match (SHA-256): ${figures.bytesMatch ? 'yes' : 'NO'}`,
    `    server RSS: baseline ${mebibytes(figures.baseline)}, peak ${mebibytes(figures.peak)}, difference ${mebibytes(figures.peak - figures.baseline)} (${peakSource})`,
  ];
}
