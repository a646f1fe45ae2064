// Measuring helpers shared by every package's bench (`pnpm bench`): rates in records per
// second, with a JIT warm-up and medians of slices, so a neighbour's burst on the shared
// machine spoils one slice, not the figure.

/** One unit of work: a record encrypted and decrypted, encoded and decoded, … */
export type Workload = () => unknown;

/**
 * Runs a workload for a while, one call after another.
 *
 * @param workload The work of one record.
 * @param milliseconds How long to run it.
 * @returns Records per second.
 */
export async function rate(workload: Workload, milliseconds: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < milliseconds) {
    await workload();
    count++;
    elapsed = performance.now() - start;
  }
  return (count * 1000) / elapsed;
}

/**
 * The middle value.
 *
 * @param values Some numbers (sorted in place).
 * @returns Their median (the upper one of an even count).
 */
export function median(values: number[]): number {
  return values.sort((left, right) => left - right)[Math.floor(values.length / 2)] as number;
}

/**
 * Warms each workload up for a second (the first second of a fresh code path runs ~25% slower
 * under the JIT), then measures five slices of each, alternating between them so all meet the
 * same machine, and returns each workload's median rate.
 *
 * @param workloads The workloads to compare.
 * @param sliceMilliseconds The length of one slice.
 * @returns The median records per second of each workload, in order.
 */
export async function measureSlices(
  workloads: readonly Workload[],
  sliceMilliseconds: number,
): Promise<number[]> {
  for (const workload of workloads) await rate(workload, 1000);
  const rates = workloads.map((): number[] => []);
  for (let slice = 0; slice < 5; slice++) {
    for (const [index, workload] of workloads.entries()) {
      rates[index]?.push(await rate(workload, sliceMilliseconds));
    }
  }
  return rates.map(median);
}
