// A child process for the upgrade's kill test: starts the PGlite stores on a data folder of the
// old layout and, once the upgrade has copied its first batch (inside the copy's transaction),
// prints `batch` and blocks, waiting for SIGKILL.
// Usage: node --conditions=@residency/source --import tsx test/support/pglite-upgrader.ts \
//   <dataDir> <country>

import { createPgliteStores } from '../../src/store/index.ts';

const [dataDir, country] = process.argv.slice(2);
if (dataDir === undefined || country === undefined) {
  throw new Error('usage: pglite-upgrader.ts <dataDir> <country>');
}
const blocker = new Int32Array(new SharedArrayBuffer(4));
await createPgliteStores({
  dataDir,
  countries: [country],
  onUpgradeBatch: () => {
    // stdout is a pipe, written synchronously on Linux: the line is out before the block.
    process.stdout.write('batch\n');
    Atomics.wait(blocker, 0, 0, 120_000);
  },
});
throw new Error('the upgrade finished without being killed');
