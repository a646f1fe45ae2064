// What a person reads: the compact view of read/find next to their --json documents, the
// message of an unserved country next to a missing record's, and the messages of bad flags,
// through the built binary against a real server.

import { type ServerProcess, startServerProcess } from '@residency/server/launch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, runCli, type Scratch } from './support/run-cli.ts';

let server: ServerProcess;
let scratch: Scratch;
let connection: string[];

beforeAll(async () => {
  [server, scratch] = await Promise.all([
    startServerProcess({ tempPrefix: 'residency-cli-' }),
    createScratch(),
  ]);
  const secretFile = await scratch.file('secret.txt', 'output test secret');
  connection = ['--credentials', server.credentialsPath, '--secret-file', secretFile];
  for (const [key, city] of [
    ['view-1', 'Lyon'],
    ['view-2', 'Nice'],
    ['view-3', 'Pau'],
  ]) {
    const run = await runCli(['write', 'de', key, '--key2', city, '--key3', 'view', ...connection]);
    if (run.code !== 0) throw new Error(run.stderr);
  }
});

afterAll(async () => {
  await Promise.all([server?.stop(), scratch?.remove()]);
});

const COUNTRY_NOT_SERVED =
  /^residency: country not served by this server \(HTTP 404, request [^)]+\); check COUNTRY, or --endpoint for the server that serves it\n$/;

describe('read and find, compact', () => {
  it('read prints the fields that have a value, camelCase, the body last as it is', async () => {
    const body = '{"name":"Ada"}\nsecond line';
    const write = ['write', 'de', 'ada', '--body', body, '--key1', 'Berlin', '--range-key1', '42'];
    expect((await runCli([...write, '--profile-key', 'p-7', ...connection])).code).toBe(0);

    const run = await runCli(['read', 'de', 'ada', ...connection]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('null');
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'recordKey: ada',
      'profileKey: p-7',
      'key1: Berlin',
      'rangeKey1: 42',
    ]);
    expect(lines[4]).toMatch(/^createdAt: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[5]).toMatch(/^updatedAt: \d{4}-\d\d-\d\dT/);
    expect(lines.slice(6)).toEqual(['version: 0', 'body: {"name":"Ada"}', 'second line', '']);
  });

  it('read --json prints the whole record, null fields included', async () => {
    const run = await runCli(['read', 'de', 'view-1', '--json', ...connection]);
    expect(run.code).toBe(0);
    const { record } = JSON.parse(run.stdout);
    expect(record).toMatchObject({ recordKey: 'view-1', key2: 'Lyon', body: null, key1: null });
    expect(Object.keys(record)).toHaveLength(45);
  });

  it('find prints a block per record and the count on stderr', async () => {
    const found = await runCli([
      'find',
      'de',
      '{"key3":"view"}',
      '--sort',
      '{"createdAt":"asc"}',
      ...connection,
    ]);
    expect(found.code).toBe(0);
    expect(found.stderr).toBe('3 records\n');
    const blocks = found.stdout.trimEnd().split('\n\n');
    expect(blocks).toHaveLength(3);
    expect(blocks.map((block) => block.split('\n')[0])).toEqual([
      'recordKey: view-1',
      'recordKey: view-2',
      'recordKey: view-3',
    ]);
    expect(blocks[1]).toContain('\nkey2: Nice\nkey3: view\n');
    expect(found.stdout).not.toContain('null');
  });

  it('find counts one record, a page of several, and prints nothing for none', async () => {
    const one = await runCli(['find', 'de', '{"key2":"Pau"}', ...connection]);
    expect(one.code).toBe(0);
    expect(one.stderr).toBe('1 record\n');
    expect(one.stdout).toMatch(/^recordKey: view-3\n/);

    const page = await runCli(['find', 'de', '{"key3":"view"}', '--limit', '2', ...connection]);
    expect(page.stderr).toBe('2 of 3 records\n');
    expect(page.stdout.trimEnd().split('\n\n')).toHaveLength(2);

    const none = await runCli(['find', 'de', '{"key2":"Paris"}', ...connection]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe('0 records\n');
  });

  it('find --json prints one document: the full records and meta, nothing on stderr', async () => {
    const run = await runCli(['find', 'de', '{"key3":"view"}', '--json', ...connection]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const document = JSON.parse(run.stdout);
    expect(document.meta).toMatchObject({ count: 3, total: 3 });
    expect(document.records).toHaveLength(3);
    expect(document.records[0]).toMatchObject({ key3: 'view', key4: null, attachments: [] });

    const none = await runCli(['find', 'de', '{"key2":"Paris"}', '--json', ...connection]);
    expect(JSON.parse(none.stdout)).toMatchObject({ records: [], meta: { count: 0, total: 0 } });
  });
});

describe('an unserved country', () => {
  it('says the server does not serve it (exit 8), unlike a missing record (exit 5)', async () => {
    const unserved = await runCli(['read', 'fr', 'user-42', ...connection]);
    expect(unserved.code).toBe(8);
    expect(unserved.stderr).toMatch(COUNTRY_NOT_SERVED);
    expect(unserved.stderr).not.toContain('not found');
    expect(unserved.stderr).not.toContain('user-42');

    const missing = await runCli(['read', 'de', 'user-42', ...connection]);
    expect(missing.code).toBe(5);
    expect(missing.stderr).toMatch(/^residency: not found \(HTTP 404, request [^)]+\)\n$/);
  });

  it('answers every command on it with exit 8, and --json names the class', async () => {
    const runs = await Promise.all([
      runCli(['write', 'fr', 'user-42', '--body', 'private', ...connection]),
      runCli(['find', 'fr', '{"key1":"private"}', ...connection]),
      runCli(['delete', 'fr', 'user-42', ...connection]),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(8);
      expect(run.stderr).toMatch(COUNTRY_NOT_SERVED);
      expect(run.stderr).not.toContain('private');
    }
    const json = await runCli(['read', 'fr', 'user-42', '--json', ...connection]);
    expect(json.code).toBe(8);
    expect(JSON.parse(json.stdout).error).toMatchObject({
      name: 'StorageCountryNotSupportedError',
      exitCode: 8,
      status: 404,
      message: expect.stringMatching(/^country not served by this server/),
    });
  });

  it('says it is not in the countries list when the SDK looks the country up there', async () => {
    const { credentials } = server;
    const secretFile = await scratch.file('secret-list.txt', 'output test secret');
    const run = await runCli(
      [
        'read',
        'fr',
        'user-42',
        '--environment-id',
        credentials.environmentId,
        '--client-id',
        credentials.clientId,
        '--auth-endpoint',
        credentials.authEndpoint,
        '--countries-endpoint',
        credentials.countriesEndpoint,
        '--secret-file',
        secretFile,
      ],
      { INC_CLIENT_SECRET: credentials.clientSecret },
    );
    expect(run.code).toBe(8);
    expect(run.stderr).toBe(
      'residency: country not served: it is not in the countries list; check COUNTRY, or --endpoint for the server that serves it\n',
    );
  });
});

describe('bad flags', () => {
  it('names an unknown flag with balanced quotes and the command help', async () => {
    const run = await runCli(['find', 'de', '--limt', '3', '--json', ...connection]);
    expect(run.code).toBe(2);
    const message =
      "unknown flag '--limt' (see 'residency find --help'); an argument that starts with '-' goes after '--'";
    expect(run.stderr).toBe(`residency: ${message}\n`);
    expect(JSON.parse(run.stdout).error).toMatchObject({ message, exitCode: 2 });

    const first = await runCli(['-x']);
    expect(first.code).toBe(2);
    expect(first.stderr).toBe(
      "residency: unknown flag '-x' (see 'residency --help'); an argument that starts with '-' goes after '--'\n",
    );
  });

  it('says how to give a value that starts with a dash, without repeating it', async () => {
    const run = await runCli(['write', 'de', 'k', '--body', '-private-text', ...connection]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "residency: flag '--body' needs a value; a value that starts with '-' is written --body=-VALUE\n",
    );
  });

  it('keeps the first line of the other parse failures, values left out', async () => {
    const [missing, extra] = await Promise.all([
      runCli(['find', 'de', '--limit']),
      runCli(['read', 'de', 'k', '--json=private']),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("residency: Option '--limit <value>' argument missing\n");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toBe("residency: Option '--json' does not take an argument\n");
  });
});
