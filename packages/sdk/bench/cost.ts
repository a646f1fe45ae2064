// What one record costs beyond wall time: CPU of this process and bytes it allocated, over a
// fixed run of the workload, measured apart from the rate so the GC profiler does not slow the
// slices down.

import { GCProfiler } from 'node:v8';
import type { Workload } from '../../../tools/bench.ts';

/** The cost of one record. */
export interface Cost {
  /** User + system CPU microseconds of this process per record (a child's CPU is not here). */
  readonly cpuMicros: number;
  /** Bytes allocated on the V8 heap per record. */
  readonly bytes: number;
}

/**
 * Runs a workload for a while and divides its cost by the records it handled.
 *
 * Allocation is counted as V8's used heap at the end minus at the start, plus what every
 * collection in between freed (used before minus used after, from `v8.GCProfiler`): the bytes
 * the JS heap handed out, without forcing a GC and without `--expose-gc`. Buffers' backing
 * stores outside the heap (external memory) are not in it.
 *
 * @param workload The work of `records` records.
 * @param records How many records one call handles.
 * @param milliseconds How long to run it.
 * @returns CPU µs and bytes per record.
 */
export async function cost(
  workload: Workload,
  records: number,
  milliseconds: number,
): Promise<Cost> {
  const profiler = new GCProfiler();
  profiler.start();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < milliseconds) {
    await workload();
    calls++;
  }
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = process.memoryUsage().heapUsed;
  const { statistics } = profiler.stop();
  const freed = statistics.reduce(
    (sum, gc) =>
      sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  const handled = calls * records;
  return {
    cpuMicros: (cpu.user + cpu.system) / handled,
    bytes: (heapAfter - heapBefore + freed) / handled,
  };
}
