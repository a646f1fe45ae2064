// `residency-server env add | list | rotate-secret | remove` run in this process: concurrent
// changes all land, and a rotation or a removal revokes tokens on a running server at once.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, runCli } from '../src/cli/run-cli.ts';
import { writeJsonFileAtomic } from '../src/files/atomic-file.ts';
import { createSilentLogger } from '../src/logger.ts';

let dataDir: string;
const stop: (() => Promise<void>)[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-env-'));
});
afterEach(async () => {
  for (const close of stop.splice(0)) await close();
  await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    cwd: dataDir,
    logger: createSilentLogger(),
  };
  const result = await runCli([...args, '--data', dataDir], io);
  if (result.server !== undefined) stop.push(() => result.server?.close() ?? Promise.resolve());
  return { exitCode: result.exitCode, stdout: out.join(''), stderr: err.join('') };
}

async function storedIds(): Promise<string[]> {
  const file = JSON.parse(await readFile(join(dataDir, 'environments.json'), 'utf8')) as {
    environments: { id: string }[];
  };
  return file.environments.map(({ id }) => id).sort();
}

interface Client {
  readonly environmentId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

function tokenResponse(url: string, client: Client): Promise<Response> {
  return fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

async function tokenOf(url: string, client: Client): Promise<string> {
  const response = await tokenResponse(url, client);
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

// Authentication passes and the request stops at the unserved country: no database opens.
function recordsStatus(url: string, environmentId: string, token: string): Promise<number> {
  return fetch(`${url}/v2/storage/records/zz/k`, {
    headers: { authorization: `Bearer ${token}`, 'x-env-id': environmentId },
  }).then((response) => response.status);
}

describe('residency-server env', () => {
  it('keeps every environment of six concurrent env add runs', async () => {
    const names = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];
    const runs = await Promise.all(names.map((name) => cli('env', 'add', name)));
    expect(runs.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await storedIds()).toEqual(names);
  });

  it('runs add, rotate-secret and remove concurrently without losing a change', async () => {
    await cli('env', 'add', 'kept');
    await cli('env', 'add', 'gone');
    const before = (await cli('env', 'list')).stdout;
    const runs = await Promise.all([
      cli('env', 'add', 'new1'),
      cli('env', 'rotate-secret', 'kept'),
      cli('env', 'remove', 'gone'),
      cli('env', 'add', 'new2'),
    ]);
    expect(runs.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0, 0]);
    expect(await storedIds()).toEqual(['kept', 'new1', 'new2']);
    const kept = JSON.parse(before).find(
      (environment: { environmentId: string }) => environment.environmentId === 'kept',
    );
    const rotated = JSON.parse(runs[1]?.stdout ?? '') as Client;
    expect(rotated.clientId).toBe(kept.clients[0].clientId);
  });

  it('lists environments and client ids, never a secret or its hash', async () => {
    const added = JSON.parse((await cli('env', 'add', 'prod', '--plain-search-keys')).stdout);
    const listed = await cli('env', 'list');
    expect(listed.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        environmentId: 'prod',
        plainSearchKeys: true,
        createdAt: expect.any(String),
        clients: [{ clientId: added.clientId, createdAt: expect.any(String) }],
      },
    ]);
    expect(listed.stdout).not.toContain(added.clientSecret);
    expect(listed.stdout).not.toMatch(/[0-9a-f]{64}/);
  });

  it('rotates a secret on a running server: old secret and older tokens get 401', async () => {
    const served = await cli('--port', '0');
    const url = /listening on (\S+)/.exec(served.stdout)?.[1] as string;
    const original = JSON.parse((await cli('env', 'add', 'prod')).stdout) as Client;
    const oldToken = await tokenOf(url, original);
    expect(await recordsStatus(url, 'prod', oldToken)).toBe(404);

    const rotation = await cli('env', 'rotate-secret', 'prod');
    expect(rotation.exitCode).toBe(0);
    const rotated = JSON.parse(rotation.stdout) as Client;
    expect(Object.keys(rotated)).toEqual(['environmentId', 'clientId', 'clientSecret']);
    expect(rotated).toMatchObject({ environmentId: 'prod', clientId: original.clientId });
    expect(rotated.clientSecret).not.toBe(original.clientSecret);

    expect(await recordsStatus(url, 'prod', oldToken)).toBe(401);
    expect((await tokenResponse(url, original)).status).toBe(401);
    const newToken = await tokenOf(url, rotated);
    expect(await recordsStatus(url, 'prod', newToken)).toBe(404);
  });

  it('removes an environment on a running server: its tokens get 401', async () => {
    const served = await cli('--port', '0');
    const url = /listening on (\S+)/.exec(served.stdout)?.[1] as string;
    const client = JSON.parse((await cli('env', 'add', 'prod')).stdout) as Client;
    const token = await tokenOf(url, client);
    const removal = await cli('env', 'remove', 'prod');
    expect(removal.exitCode).toBe(0);
    expect(JSON.parse(removal.stdout)).toEqual({ environmentId: 'prod', removed: true });
    expect(await recordsStatus(url, 'prod', token)).toBe(401);
    expect((await tokenResponse(url, client)).status).toBe(401);
    expect(await storedIds()).toEqual(['development']);
  });

  it.each([
    [['env', 'rotate-secret', 'nope'], 'environment nope does not exist'],
    [['env', 'remove', 'nope'], 'environment nope does not exist'],
    [['env', 'rotate-secret', 'prod', '--client', 'other'], 'environment prod has no client other'],
  ])('fails with exit 1 for %j', async (args, message) => {
    await cli('env', 'add', 'prod');
    const run = await cli(...args);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(message);
  });

  it('rotates the named client of an environment with several, and asks for one otherwise', async () => {
    await cli('env', 'add', 'prod');
    const path = join(dataDir, 'environments.json');
    const file = JSON.parse(await readFile(path, 'utf8'));
    const first = file.environments[0].clients[0];
    file.environments[0].clients.push({ ...first, id: 'second-client' });
    await writeJsonFileAtomic(path, file);
    const ambiguous = await cli('env', 'rotate-secret', 'prod');
    expect(ambiguous.exitCode).toBe(1);
    expect(ambiguous.stderr).toContain('several clients: name one with --client');
    const named = await cli('env', 'rotate-secret', 'prod', '--client', 'second-client');
    expect(JSON.parse(named.stdout)).toMatchObject({ clientId: 'second-client' });
    const after = JSON.parse(await readFile(path, 'utf8'));
    expect(after.environments[0].clients.map((c: { generation: number }) => c.generation)).toEqual([
      0, 1,
    ]);
  });
});
