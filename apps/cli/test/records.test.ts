// write/read/find/delete and health against a real server, and the exit code of each failure
// class, through the built binary.
import { createServer } from 'node:net';
import { type ServerProcess, startServerProcess } from '@residency/server/launch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, runCli, type Scratch } from './support/run-cli.ts';

let server: ServerProcess;
let scratch: Scratch;
let connection: string[];

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

beforeAll(async () => {
  [server, scratch] = await Promise.all([
    startServerProcess({ tempPrefix: 'residency-cli-' }),
    createScratch(),
  ]);
  const secretFile = await scratch.file('secret.txt', 'correct horse battery staple\n');
  connection = ['--credentials', server.credentialsPath, '--secret-file', secretFile];
});

afterAll(async () => {
  await Promise.all([server?.stop(), scratch?.remove()]);
});

describe('records', () => {
  it('writes, reads, finds and deletes a record (--json)', async () => {
    const bodyFile = await scratch.file('body.json', '{"name":"Ada"}');
    const written = await runCli([
      'write',
      'de',
      'user-1',
      '--body-file',
      bodyFile,
      '--key1',
      'Berlin',
      '--range-key1',
      '42',
      '--record',
      '{"profileKey":"customer-7"}',
      '--json',
      ...connection,
    ]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout).record).toMatchObject({
      recordKey: 'user-1',
      key1: 'Berlin',
    });

    const read = await runCli(['read', 'de', 'user-1', '--json', ...connection]);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).record).toMatchObject({
      recordKey: 'user-1',
      body: '{"name":"Ada"}',
      profileKey: 'customer-7',
      rangeKey1: 42,
    });

    const found = await runCli([
      'find',
      'de',
      '{"key1":"Berlin","rangeKey1":{"$gte":40}}',
      '--limit',
      '10',
      '--json',
      ...connection,
    ]);
    expect(found.code).toBe(0);
    const document = JSON.parse(found.stdout);
    expect(document.meta).toMatchObject({ count: 1, total: 1 });
    expect(document.records[0].recordKey).toBe('user-1');

    const deleted = await runCli(['delete', 'de', 'user-1', '--json', ...connection]);
    expect(deleted.code).toBe(0);
    expect(JSON.parse(deleted.stdout)).toEqual({ success: true });

    const gone = await runCli(['read', 'de', 'user-1', '--json', ...connection]);
    expect(gone.code).toBe(5);
    expect(gone.stderr).toContain('not found');
    expect(JSON.parse(gone.stdout).error).toMatchObject({ status: 404, exitCode: 5 });
  });

  it('reports the health of a country', async () => {
    const run = await runCli(['health', 'de', '--json', ...connection]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ result: true });
  });
});

describe('exit codes', () => {
  it('finds by part of a key and sorts on it with --plain-search-keys, refuses both without', async () => {
    const plain = [...connection, '--plain-search-keys'];
    for (const [key, city] of [
      ['plain-1', 'Berlin'],
      ['plain-2', 'Bern'],
      ['plain-3', 'Bonn'],
    ]) {
      const written = await runCli(['write', 'us', key, '--key5', city, '--json', ...plain]);
      expect(written.code).toBe(0);
    }
    const found = await runCli([
      'find',
      'us',
      '{"searchKeys":"Ber"}',
      '--sort',
      '{"key5":"desc"}',
      '--json',
      ...plain,
    ]);
    expect(found.stderr).toBe('');
    expect(found.code).toBe(0);
    const { records } = JSON.parse(found.stdout) as { records: { key5: string }[] };
    expect(records.map((record) => record.key5)).toEqual(['Bern', 'Berlin']);

    const hashed = await runCli(['find', 'us', '{"searchKeys":"Ber"}', '--json', ...connection]);
    expect(hashed.code).toBe(2);
    expect(JSON.parse(hashed.stdout).error).toMatchObject({
      name: 'InputValidationError',
      message: expect.stringMatching(
        /^filter\.searchKeys needs plain search keys: .*hashSearchKeys: false/,
      ),
    });
    const sorted = await runCli([
      'find',
      'us',
      '--sort',
      '{"key5":"asc"}',
      '--json',
      ...connection,
    ]);
    expect(sorted.code).toBe(2);
    expect(JSON.parse(sorted.stdout).error.message).toMatch(/^options\.sort\.0\.key5 needs plain/);
  });

  it('writes, reads and finds a range key of the full int64 range exactly (--json)', async () => {
    const write = ['write', 'de', 'int64-1', '--range-key1', '9223372036854775807'];
    const written = await runCli([...write, '--range-key2=-9007199254740993', ...connection]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);

    const read = await runCli(['read', 'de', 'int64-1', '--json', ...connection]);
    expect(read.code).toBe(0);
    expect(read.stdout).toContain('"rangeKey1": 9223372036854775807,');
    expect(read.stdout).toContain('"rangeKey2": -9007199254740993,');

    const filter = '{"rangeKey1":{"$gte":9223372036854775807},"rangeKey2":[-9007199254740993]}';
    const found = await runCli(['find', 'de', filter, ...connection]);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^recordKey: int64-1\n/);
    expect(found.stdout).toContain(
      '\nrangeKey1: 9223372036854775807\nrangeKey2: -9007199254740993\n',
    );

    const refused = await runCli([
      'write',
      'de',
      'k',
      '--range-key1',
      '9223372036854775808',
      ...connection,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--range-key1 must be an integer from -9223372036854775808 to 9223372036854775807',
    );
  });

  it('2 for bad usage: unknown command, flag, missing argument, bad integer', async () => {
    const runs = await Promise.all([
      runCli(['frobnicate']),
      runCli(['read', 'de', 'user-1', '--nope', ...connection]),
      runCli(['read', 'de', ...connection]),
      runCli(['write', 'de', 'k', '--range-key1', 'many', ...connection]),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2]);
  });

  it('2 for a filter that is not JSON, without quoting it', async () => {
    const run = await runCli(['find', 'de', '{"key1": secret-value', '--json', ...connection]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('FILTER_JSON is not valid JSON');
    expect(run.stderr).not.toContain('secret-value');
    expect(JSON.parse(run.stdout).error.exitCode).toBe(2);
  });

  it('2 for a record the SDK rejects (InputValidationError)', async () => {
    const run = await runCli(['write', 'de', 'k', '--record', '{"key99":"x"}', ...connection]);
    expect(run.code).toBe(2);
  });

  it('2 for --client-secret on the command line', async () => {
    const run = await runCli(['read', 'de', 'k', '--client-secret', 'hunter2', ...connection]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('3 without an encryption secret', async () => {
    const run = await runCli(['read', 'de', 'k', '--credentials', server.credentialsPath]);
    expect(run.code).toBe(3);
  });

  it('7 for a record encrypted with another secret', async () => {
    const body = 'private body text';
    expect((await runCli(['write', 'de', 'user-2', '--body', body, ...connection])).code).toBe(0);
    const wrongSecret = await scratch.file('wrong.txt', 'another secret');
    const run = await runCli([
      'read',
      'de',
      'user-2',
      '--credentials',
      server.credentialsPath,
      '--secret-file',
      wrongSecret,
    ]);
    expect(run.code).toBe(7);
    expect(run.stderr).not.toContain(body);
    expect(run.stderr).not.toContain('user-2');
  });

  it('6 for an endpoint nothing listens on', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const run = await runCli(['read', 'de', 'k', '--endpoint', endpoint, ...connection]);
    expect(run.code).toBe(6);
  });

  it('4 for a wrong client secret (from INC_CLIENT_SECRET)', async () => {
    const { credentials } = server;
    const secretFile = await scratch.file('secret-2.txt', 'correct horse battery staple');
    const run = await runCli(
      [
        'read',
        'de',
        'k',
        '--environment-id',
        credentials.environmentId,
        '--client-id',
        credentials.clientId,
        '--endpoint',
        credentials.endpoint,
        '--auth-endpoint',
        credentials.authEndpoint,
        '--secret-file',
        secretFile,
      ],
      { INC_CLIENT_SECRET: 'not-the-secret' },
    );
    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain('not-the-secret');
  });
});
