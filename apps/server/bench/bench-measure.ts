// Small measuring tools of the server bench: a rate over concurrent workers, latency
// percentiles, and number formats.

/**
 * Runs `count` units of work in batches, `concurrency` batches at a time, and times the lot.
 * @param count How many units (records).
 * @param batchSize Units per call of `work`.
 * @param concurrency Calls in flight.
 * @param work Does the units `first` .. `first + size - 1`.
 * @returns Units per second.
 */
export async function measureRate(
  count: number,
  batchSize: number,
  concurrency: number,
  work: (first: number, size: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const first = next;
      const size = Math.min(batchSize, count - first);
      next += size;
      await work(first, size);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (count * 1000) / (performance.now() - started);
}

/** Latency percentiles, in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p99: number;
}

/**
 * Times `runs` sequential calls after two warm-up calls (plans, caches and the JIT settle).
 * @param runs How many timed calls.
 * @param call The call; its argument is the run's number, to vary the values.
 * @returns p50 and p99.
 */
export async function measureLatency(
  runs: number,
  call: (run: number) => Promise<unknown>,
): Promise<Latency> {
  const durations: number[] = [];
  for (let run = -2; run < runs; run++) {
    const started = performance.now();
    await call(run + 2);
    if (run >= 0) durations.push(performance.now() - started);
  }
  durations.sort((left, right) => left - right);
  const at = (quantile: number): number =>
    durations[Math.min(durations.length - 1, Math.floor(quantile * durations.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Formats a byte count as MiB.
 * @param bytes The count.
 * @returns E.g. `123.4 MiB`.
 */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * Formats a rate with thousands separators.
 * @param rate Units per second.
 * @returns E.g. `5,123`.
 */
export function perSecond(rate: number): string {
  return Math.round(rate).toLocaleString('en-US');
}
