import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restrictFolderTree } from '../src/files/owner-only.ts';
import { ensureOwnerOnlyFolder } from '../src/lifecycle/data-folder-mode.ts';

let parent: string;
const warnings: string[] = [];
const logger = {
  info: () => undefined,
  warn: (line: string) => warnings.push(line),
  error: () => undefined,
};

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'residency-mode-'));
  warnings.length = 0;
});
afterEach(async () => rm(parent, { recursive: true, force: true }));

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('ensureOwnerOnlyFolder', () => {
  it('creates a missing folder 0700, silently', async () => {
    const dataDir = join(parent, 'new', 'data');
    await ensureOwnerOnlyFolder(dataDir, logger);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(warnings).toEqual([]);
  });

  it('tightens a folder open to group and others, naming it and its mode once', async () => {
    const dataDir = join(parent, 'data');
    await mkdir(dataDir);
    await chmod(dataDir, 0o775);
    await ensureOwnerOnlyFolder(dataDir, logger);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(warnings).toEqual([
      `the data folder ${dataDir} was open to group or others (mode 775): now 700, the owner's alone`,
    ]);
    await ensureOwnerOnlyFolder(dataDir, logger);
    expect(warnings).toHaveLength(1);
  });
});

describe('restrictFolderTree', () => {
  it('takes group and other access off every entry, keeping the owner bits', async () => {
    await mkdir(join(parent, 'a', 'b'), { recursive: true });
    await chmod(join(parent, 'a'), 0o755);
    await writeFile(join(parent, 'a', 'b', 'f'), 'x', { mode: 0o666 });
    await writeFile(join(parent, 'a', 'g'), 'x', { mode: 0o600 });
    expect(await restrictFolderTree(parent)).toBe(3); // a, a/b (0755 by the umask) and a/b/f
    expect(await modeOf(join(parent, 'a'))).toBe(0o700);
    expect(await modeOf(join(parent, 'a', 'b', 'f'))).toBe(0o600);
    expect(await modeOf(join(parent, 'a', 'g'))).toBe(0o600);
  });
});
