// A child process for the kill -9 test: opens a PGlite country and writes records one by one
// forever, printing each record key on stdout once its write has resolved (acknowledged).
// Usage: node --conditions=@residency/source --import tsx test/support/pglite-writer.ts \
//   <dataDir> <country> <environment>

import { createPgliteStores } from '../../src/store/index.ts';
import { makeRecord } from './record-fixtures.ts';

const [dataDir, country, environment] = process.argv.slice(2);
if (dataDir === undefined || country === undefined || environment === undefined) {
  throw new Error('usage: pglite-writer.ts <dataDir> <country> <environment>');
}
const stores = await createPgliteStores({ dataDir, countries: [country] });
const store = await stores.country(country);
process.stdout.write('ready\n');
for (let index = 0; ; index++) {
  const recordKey = `acknowledged-${index}`;
  await store.write(environment, [{ record: makeRecord(recordKey, { key1: `value-${index}` }) }]);
  process.stdout.write(`${recordKey}\n`);
}
