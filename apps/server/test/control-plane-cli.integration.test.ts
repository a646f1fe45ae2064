// `residency-server env …` against the PostgreSQL control plane, as separate processes and as
// several pools in this process: the JSON output is that of `--data`, and concurrent adds,
// rotations and removals never lose one another.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/load-config.ts';
import { type ControlPlane, openControlPlane } from '../src/control/open-control-plane.ts';
import { runServerCommand } from './integration-support/spawned-server.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';

let postgresUrl: string;
let dataDir: string;

beforeAll(async () => {
  postgresUrl = await createTestDatabase(await testPostgres(), 'control_cli');
  dataDir = await mkdtemp(join(tmpdir(), 'residency-control-cli-'));
}, 120_000);
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

async function controlPlanes(count: number): Promise<ControlPlane[]> {
  const config = await loadServerConfig({ flags: { 'control-url': postgresUrl }, env: {} });
  return Promise.all(Array.from({ length: count }, () => openControlPlane(config)));
}

async function json(args: string[]): Promise<unknown> {
  const run = await runServerCommand(args);
  if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('residency-server env on the PostgreSQL control plane', () => {
  it('prints the same JSON as with --data, for add, list, rotate-secret and remove', async () => {
    const outputs = [];
    for (const where of [
      ['--data', dataDir],
      ['--postgres-url', postgresUrl],
    ]) {
      const added = (await json(['env', 'add', 'same', '--plain-search-keys', ...where])) as {
        clientId: string;
      };
      const listed = (await json(['env', 'list', ...where])) as { createdAt: string }[];
      const rotated = await json(['env', 'rotate-secret', 'same', ...where]);
      const removed = await json(['env', 'remove', 'same', ...where]);
      outputs.push({ added, listed, rotated, removed });
    }
    const [file, postgres] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
    const shape = (value: unknown) =>
      JSON.stringify(value, (_key, item) => (typeof item === 'string' ? typeof item : item));
    expect(shape(postgres)).toBe(shape(file));
    expect(postgres.listed).toEqual([
      {
        environmentId: 'same',
        plainSearchKeys: true,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/),
        clients: [{ clientId: postgres.added.clientId, createdAt: postgres.listed[0]?.createdAt }],
      },
    ]);
    expect(postgres.removed).toEqual({ environmentId: 'same', removed: true });
  }, 120_000);

  it('keeps all of six concurrent env add processes and four concurrent rotations', async () => {
    const names = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    const adds = await Promise.all(
      names.map((name) => runServerCommand(['env', 'add', name, '--control-url', postgresUrl])),
    );
    expect(adds.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    const rotations = await Promise.all(
      [1, 2, 3, 4].map(() =>
        runServerCommand(['env', 'rotate-secret', 'c1', '--postgres-url', postgresUrl]),
      ),
    );
    expect(rotations.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0, 0]);
    const [control] = (await controlPlanes(1)) as [ControlPlane];
    try {
      const ids = (await control.environments.list()).map(({ id }) => id);
      expect(ids).toEqual(expect.arrayContaining(names));
      const client = (await control.environments.environment('c1'))?.clients[0];
      expect(client?.generation).toBe(4);
      const secrets = rotations.map((run) => JSON.parse(run.stdout) as { clientSecret: string });
      const working = [];
      for (const { clientSecret } of secrets) {
        working.push(await control.environments.authenticate(client?.id ?? '', clientSecret));
      }
      expect(working.filter((environment) => environment !== undefined)).toHaveLength(1);
    } finally {
      await control.close();
    }
  }, 120_000);

  it('loses no change of concurrent calls from several pools', async () => {
    const planes = await controlPlanes(3);
    try {
      const [one, two, three] = planes.map(({ environments }) => environments) as [
        ControlPlane['environments'],
        ControlPlane['environments'],
        ControlPlane['environments'],
      ];
      await one.addEnvironment('pooled');
      const names = Array.from({ length: 12 }, (_, index) => `pool-${index}`);
      const results = await Promise.allSettled([
        ...names.map((name, index) => planes[index % 3]?.environments.addEnvironment(name)),
        ...[one, two, three, one, two, three].map((each) => each.rotateSecret('pooled')),
        one.removeEnvironment('c2'),
        two.removeEnvironment('c2'),
        three.addEnvironment('pool-0'),
      ]);
      const failed = results.flatMap((result) =>
        result.status === 'rejected' ? [(result.reason as Error).message] : [],
      );
      expect(failed.sort()).toEqual([
        'environment c2 does not exist',
        'environment pool-0 exists already',
      ]);
      const ids = (await three.list()).map(({ id }) => id);
      expect(ids).toEqual(expect.arrayContaining([...names, 'pooled']));
      expect(ids).not.toContain('c2');
      expect((await two.environment('pooled'))?.clients[0]?.generation).toBe(6);
      // An id no environment can have (U+0000: not even PostgreSQL text) is simply not there.
      await expect(one.removeEnvironment('bad\u0000id')).rejects.toThrow('does not exist');
      await expect(one.rotateSecret('bad\u0000id')).rejects.toThrow('does not exist');
    } finally {
      for (const plane of planes) await plane.close();
    }
  }, 120_000);

  it('refuses what the file refuses, with the same messages, and exits 1', async () => {
    const cases: [string[], string][] = [
      [['env', 'add', 'c3'], 'environment c3 exists already'],
      [['env', 'add', 'bad id'], 'environment id must be'],
      [['env', 'rotate-secret', 'nowhere'], 'environment nowhere does not exist'],
      [['env', 'rotate-secret', 'c3', '--client', 'other'], 'environment c3 has no client other'],
      [['env', 'remove', 'nowhere'], 'environment nowhere does not exist'],
    ];
    for (const [args, message] of cases) {
      const run = await runServerCommand([...args, '--postgres-url', postgresUrl]);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toContain(message);
    }
  }, 120_000);

  it('says in one line that an unreachable control plane cannot be opened, without its password', async () => {
    const url = 'postgres://someone:very-secret@127.0.0.1:1/residency';
    const run = await runServerCommand(['env', 'list', '--control-url', url]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(
      /^residency-server: cannot open the PostgreSQL control plane: .*\n$/,
    );
    expect(run.stderr).not.toContain('very-secret');
  }, 60_000);
});
