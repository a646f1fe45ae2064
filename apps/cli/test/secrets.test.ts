// The `secrets` command's argument handling, with the secrets store given through the
// injected factory (a fake): the live HANA path cannot run here (see the README).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { StorageConfigValidationError } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { createCommands } from '../src/commands/index.ts';
import type { SecretsStore, SecretsStoreSettings } from '../src/commands/secrets.ts';

const SECRET = 'do-not-print-me';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'residency-cli-secrets-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function fakeStore(calls: unknown[]): SecretsStore {
  const versions = {
    currentVersion: 2,
    versions: [
      { version: 1, isKey: false, isForCustomEncryption: false, isCurrent: false },
      { version: 2, isKey: true, isForCustomEncryption: false, isCurrent: true },
    ],
  };
  return {
    async put(data, options) {
      calls.push(['put', data, options]);
      return versions;
    },
    async rotate(options) {
      calls.push(['rotate', options]);
      return versions.versions[1] as (typeof versions.versions)[number];
    },
    async listVersions() {
      calls.push(['listVersions']);
      return versions;
    },
    async delete() {
      calls.push(['delete']);
    },
  };
}

async function run(argv: string[], environment: { [name: string]: string } = {}) {
  const calls: unknown[] = [];
  const settings: SecretsStoreSettings[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const commands = createCommands(async (given) => {
    settings.push(given);
    return fakeStore(calls);
  });
  const code = await runCli(argv, { stdout, stderr, stderrIsTTY: false, environment }, commands);
  return {
    code,
    calls,
    settings,
    stdout: String(stdout.read() ?? ''),
    stderr: String(stderr.read() ?? ''),
  };
}

describe('secrets', () => {
  it('show-versions prints versions and flags, passing --key, --instance and --store-name', async () => {
    const result = await run([
      'secrets',
      'show-versions',
      '--key',
      'app',
      '--instance',
      'hana-1',
      '--store-name',
      'S',
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).currentVersion).toBe(2);
    expect(result.settings[0]).toMatchObject({
      key: 'app',
      instanceName: 'hana-1',
      storeName: 'S',
    });
  });

  it('put reads secrets data from --secret-file, and refuses to run without one', async () => {
    const file = join(dir, 'data.json');
    await writeFile(
      file,
      JSON.stringify({ currentVersion: 1, secrets: [{ secret: SECRET, version: 1 }] }),
    );
    const result = await run(['secrets', 'put', '--secret-file', file, '--allow-secret-change']);
    expect(result.code).toBe(0);
    expect(result.calls[0]).toEqual([
      'put',
      { currentVersion: 1, secrets: [{ secret: SECRET, version: 1 }] },
      { allowSecretChange: true },
    ]);
    expect(result.stdout + result.stderr).not.toContain(SECRET);
    expect((await run(['secrets', 'put'])).code).toBe(2);
  });

  it('rotate passes a plain secret and its flags; delete needs --yes', async () => {
    const file = join(dir, 'plain.txt');
    await writeFile(file, `${SECRET}\n`);
    const rotated = await run(['secrets', 'rotate', '--secret-file', file, '--is-key']);
    expect(rotated.calls[0]).toEqual([
      'rotate',
      { secret: SECRET, isKey: true, isForCustomEncryption: undefined },
    ]);
    expect(rotated.stdout).not.toContain(SECRET);
    expect((await run(['secrets', 'delete'])).code).toBe(2);
    const deleted = await run(['secrets', 'delete', '--yes']);
    expect([deleted.code, deleted.calls]).toEqual([0, [['delete']]]);
  });

  it('2 for an unknown action or a record flag; 3 when the store cannot be configured', async () => {
    expect((await run(['secrets', 'list'])).code).toBe(2);
    expect((await run(['secrets', 'show-versions', '--key1', 'x'])).code).toBe(2);
    const commands = createCommands(async () => {
      throw new StorageConfigValidationError('VCAP_SERVICES has no hana binding');
    });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const io = { stdout, stderr, stderrIsTTY: false, environment: {} };
    expect(await runCli(['secrets', 'show-versions'], io, commands)).toBe(3);
  });
});
