// Two copies started at once on one empty PostgreSQL: exactly one creates the development
// environment (under an advisory lock), keeps its secret in its own data folder and writes
// credentials.json; the other writes none and says so in one line.

import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../src/config/load-config.ts';
import { openControlPlane } from '../src/control/open-control-plane.ts';
import {
  recordStatus,
  requestToken,
  type ServerCopy,
  startCopy,
} from './integration-support/server-copies.ts';
import { createTestDatabase, testPostgres } from './support/test-postgres.ts';

const copies: ServerCopy[] = [];
afterAll(async () => {
  for (const copy of copies) await copy.close();
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('the first start of two copies on one empty control plane', () => {
  it('creates the development environment once, in the data folder of the copy that made it', async () => {
    const postgresUrl = await createTestDatabase(await testPostgres(), 'first_start');
    copies.push(...(await Promise.all([startCopy(postgresUrl), startCopy(postgresUrl)])));
    const [creator, other] = [...copies].sort(
      (a, b) =>
        Number(b.server.createdClient !== undefined) - Number(a.server.createdClient !== undefined),
    ) as [ServerCopy, ServerCopy];
    expect(creator.server.createdClient?.environmentId).toBe('development');
    expect(other.server.createdClient).toBeUndefined();
    expect(other.server.credentials).toBeUndefined();
    expect(await exists(join(other.dataDir, 'credentials.json'))).toBe(false);
    expect(await exists(join(other.dataDir, 'development-client.json'))).toBe(false);
    expect(other.output.log.filter((line) => line.includes('credentials.json'))).toEqual([
      'warn environments exist and this data folder holds no development client secret: credentials.json not written',
    ]);
    expect(other.output.stdout.join('')).not.toContain('Created environment');
    expect(creator.output.stdout.join('')).toContain('Created environment "development"');
    const credentials = JSON.parse(
      await readFile(join(creator.dataDir, 'credentials.json'), 'utf8'),
    ) as { environmentId: string; clientId: string; clientSecret: string };
    // The one development client works on both copies.
    for (const copy of copies) {
      const response = await requestToken(copy.url, credentials);
      expect(response.status).toBe(200);
      const { access_token } = (await response.json()) as { access_token: string };
      expect(await recordStatus(copy.url, access_token, 'development')).toBe(404);
    }
  }, 120_000);

  it('adds a first environment from one of eight pools at once, and none from the others', async () => {
    const postgresUrl = await createTestDatabase(await testPostgres(), 'first_race');
    const config = await loadServerConfig({ flags: { 'control-url': postgresUrl }, env: {} });
    const planes = await Promise.all(Array.from({ length: 8 }, () => openControlPlane(config)));
    try {
      const added = await Promise.all(
        planes.map(({ environments }, index) => environments.addFirstEnvironment(`first-${index}`)),
      );
      expect(added.filter((client) => client !== undefined)).toHaveLength(1);
      expect(await planes[0]?.environments.list()).toHaveLength(1);
    } finally {
      for (const plane of planes) await plane.close();
    }
  }, 60_000);
});
