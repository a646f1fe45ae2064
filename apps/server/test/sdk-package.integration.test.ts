// Installing the SDK in another project works as its README says: `pnpm pack:sdk` packs the
// facade and the workspace packages it depends on, npm installs the tarballs into a fresh
// project outside the repository (third-party dependencies from the registry or npm's cache),
// and the README's quick start, copied verbatim, runs with plain `node` against this server.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretKeyAccessor } from '@residency/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStorage } from './integration-support/sdk-storage.ts';
import {
  SERVER_BACKENDS,
  startTestServer,
  type TestServer,
} from './integration-support/test-server.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..', '..');
const SDK_README = join(ROOT, 'packages', 'sdk', 'README.md');
const SECRET = 'quick start secret';

/** The README's quick start: the first js block after the `## Quick start` heading. */
function quickStart(readme: string): string {
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (!readme.includes('## Quick start') || match === null) {
    throw new Error('packages/sdk/README.md has no js block under "## Quick start"');
  }
  return match[1] as string;
}

/** Every `types` file an installed package's `exports` names. */
function typesFiles(exports: unknown): string[] {
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.entries(exports).flatMap(([condition, target]) =>
    condition === 'types' && typeof target === 'string' ? [target] : typesFiles(target),
  );
}

/** The environment without the developer's INC_* settings and this run's vitest/pnpm state. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const kept = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('INC_') && !name.startsWith('VITEST') && name !== 'NODE_OPTIONS',
  );
  return { ...Object.fromEntries(kept), ...extra };
}

let folder: string | undefined;
let server: TestServer | undefined;
let app: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'residency-sdk-package-'));
  app = join(folder, 'app');
  server = await startTestServer(SERVER_BACKENDS[0] as (typeof SERVER_BACKENDS)[number]);
});

afterAll(async () => {
  await server?.close();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('the SDK installed from pnpm pack:sdk tarballs in a project outside the repository', () => {
  it('packs the SDK and its workspace dependencies, npm installs them with their types', async () => {
    const out = join(folder as string, 'tarballs');
    const packed = await run('pnpm', ['--silent', '--dir', ROOT, 'pack:sdk', '--out', out], {
      env: cleanEnvironment({}),
    });
    const tarballs = packed.stdout.trim().split('\n');
    expect(tarballs.map((path) => path.slice(out.length + 1))).toEqual(
      [
        'attachments',
        'crypto',
        'errors',
        'migrate',
        'protocol',
        'sdk',
        'secrets',
        'storage',
        'transport',
      ].map((name) => `residency-${name}-0.0.0.tgz`),
    );

    await mkdir(app);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'quickstart-app', private: true, type: 'module' }),
    );
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs], {
      cwd: app,
      env: cleanEnvironment({}),
    });
    for (const path of tarballs) {
      const name = `@residency/${/residency-([a-z]+)-/.exec(path)?.[1]}`;
      const dir = join(app, 'node_modules', name);
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toMatch(/workspace:|catalog:/);
      const types = typesFiles(manifest.exports);
      expect(types.length, name).toBeGreaterThan(0);
      for (const file of types) expect(existsSync(join(dir, file)), `${name} ${file}`).toBe(true);
    }
  });

  it("runs the README's quick start with plain node: it writes, reads and finds a record", async () => {
    const script = join(app, 'quickstart.mjs');
    await writeFile(script, quickStart(await readFile(SDK_README, 'utf8')));
    const { stdout } = await run(process.execPath, [script], {
      cwd: app,
      env: cleanEnvironment({
        CREDENTIALS: join((server as TestServer).dataDir, 'credentials.json'),
        ENCRYPTION_SECRET: SECRET,
      }),
    });
    expect(stdout).toBe('{"name":"Ada"} 1\n');

    // The record is on the server, encrypted with the script's secret: this repository's SDK
    // reads it back with the same secret.
    const { url, credentials } = server as TestServer;
    const storage = await connectStorage(url, credentials, {
      secretKeyAccessor: new SecretKeyAccessor(() => SECRET),
    });
    const { record } = await storage.read('de', 'user-42');
    expect(record).toMatchObject({ recordKey: 'user-42', body: '{"name":"Ada"}', key1: 'Berlin' });
  });
});
