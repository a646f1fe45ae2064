// `residency-server env …` as separate processes, as an operator runs them: six `env add` at
// once beside a running server keep six environments (the file lock serialises their
// read-modify-write), and the server accepts each new client without a restart.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runServerCommand,
  type SpawnedServer,
  spawnServer,
} from './integration-support/spawned-server.ts';

let dataDir: string;
let server: SpawnedServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'residency-env-processes-'));
  server = await spawnServer(dataDir);
}, 120_000);
afterAll(async () => {
  await server?.stop('SIGTERM');
  await rm(dataDir, { recursive: true, force: true });
});

describe('residency-server env in separate processes', () => {
  it('keeps all six clients of six concurrent env add processes, next to a running server', async () => {
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const runs = await Promise.all(
      names.map((name) => runServerCommand(['env', 'add', name, '--data', dataDir])),
    );
    expect(runs.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0, 0, 0, 0]);
    const file = JSON.parse(await readFile(join(dataDir, 'environments.json'), 'utf8')) as {
      environments: { id: string }[];
    };
    expect(file.environments.map(({ id }) => id).sort()).toEqual(['development', ...names]);
    for (const run of runs) {
      const client = JSON.parse(run.stdout) as { clientId: string; clientSecret: string };
      const response = await fetch(`${server.url}/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      expect(response.status).toBe(200);
    }
  }, 120_000);
});
