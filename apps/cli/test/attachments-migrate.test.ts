// attach/download/detach with the bytes compared, and `migrate` after a key rotation, through
// the built binary against one real server.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '@residency/server/launch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratch, runCli, type Scratch } from './support/run-cli.ts';

let server: ServerProcess;
let scratch: Scratch;

beforeAll(async () => {
  [server, scratch] = await Promise.all([
    startServerProcess({ tempPrefix: 'residency-cli-' }),
    createScratch(),
  ]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), scratch?.remove()]);
});

async function connectionWith(secrets: object | string, name: string): Promise<string[]> {
  const content = typeof secrets === 'string' ? secrets : JSON.stringify(secrets);
  return [
    '--credentials',
    server.credentialsPath,
    '--secret-file',
    await scratch.file(name, content),
  ];
}

describe('attachments', () => {
  it('attaches, downloads (file and stdout) and detaches a file, bytes unchanged', async () => {
    const connection = await connectionWith('attachment secret', 'secret.txt');
    const bytes = randomBytes(70_000);
    const source = await scratch.file('scan.bin', bytes);
    expect((await runCli(['write', 'gb', 'doc-1', '--body', 'x', ...connection])).code).toBe(0);

    const attached = await runCli([
      'attach',
      'gb',
      'doc-1',
      source,
      '--name',
      'passport.bin',
      '--mime',
      'application/x-test',
      '--json',
      ...connection,
    ]);
    expect(attached.code).toBe(0);
    const meta = JSON.parse(attached.stdout).attachmentMeta;
    expect(meta).toMatchObject({ filename: 'passport.bin', size: bytes.length });

    const out = join(scratch.dir, 'downloaded.bin');
    const saved = await runCli([
      'download',
      'gb',
      'doc-1',
      meta.fileId,
      '--out',
      out,
      '--json',
      ...connection,
    ]);
    expect(saved.code).toBe(0);
    expect(JSON.parse(saved.stdout)).toMatchObject({ path: out, size: bytes.length });
    expect(Buffer.compare(await readFile(out), bytes)).toBe(0);

    const piped = await runCli([
      'download',
      'gb',
      'doc-1',
      meta.fileId,
      '--out',
      '-',
      ...connection,
    ]);
    expect(piped.code).toBe(0);
    expect(Buffer.compare(piped.stdoutBytes, bytes)).toBe(0);

    const detached = await runCli(['detach', 'gb', 'doc-1', meta.fileId, '--json', ...connection]);
    expect(detached.code).toBe(0);
    const again = await runCli([
      'download',
      'gb',
      'doc-1',
      meta.fileId,
      '--out',
      out,
      ...connection,
    ]);
    expect(again.code).toBe(5);
  });
});

describe('download failures', () => {
  it('saves under the attachment name, then names the existing file and --out', async () => {
    const connection = await connectionWith('download secret', 'download-secret.txt');
    const bytes = randomBytes(1_000);
    const source = await scratch.file('source.bin', bytes);
    expect((await runCli(['write', 'gb', 'doc-2', '--body', 'x', ...connection])).code).toBe(0);
    const attach = ['attach', 'gb', 'doc-2', source, '--name', 'scan.pdf', '--json'];
    const { fileId } = JSON.parse((await runCli([...attach, ...connection])).stdout).attachmentMeta;

    const read = await runCli(['read', 'gb', 'doc-2', ...connection]);
    expect(read.stdout).toContain(
      `\nattachment: ${fileId} scan.pdf (1000 bytes, application/pdf)\n`,
    );

    const folder = join(scratch.dir, 'downloads');
    await mkdir(folder);
    const download = ['download', 'gb', 'doc-2', fileId, ...connection];
    const first = await runCli(download, {}, folder);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('saved 1000 bytes to scan.pdf\n');
    expect(Buffer.compare(await readFile(join(folder, 'scan.pdf')), bytes)).toBe(0);

    const second = await runCli([...download, '--json'], {}, folder);
    expect(second.code).toBe(1);
    const message =
      'scan.pdf already exists (a download without --out never overwrites): pass --out PATH to save it under another path, or --out - for stdout';
    expect(second.stderr).toBe(`residency: ${message}\n`);
    expect(JSON.parse(second.stdout).error).toEqual({ name: 'CliError', message, exitCode: 1 });
    expect(Buffer.compare(await readFile(join(folder, 'scan.pdf')), bytes)).toBe(0);

    const elsewhere = join(folder, 'scan-2.pdf');
    const third = await runCli([...download, '--out', elsewhere], {}, folder);
    expect(third.code).toBe(0);
    expect(third.stdout).toBe(`saved 1000 bytes to ${elsewhere}\n`);

    const missingFolder = join(folder, 'no-such-folder', 'scan.pdf');
    const unwritable = await runCli([...download, '--out', missingFolder]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toBe(
      `residency: cannot write the downloaded file ${missingFolder} (ENOENT)\n`,
    );

    const both = await runCli([...download, '--out', '-', '--json']);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      'residency: --out - writes the file to stdout, which --json needs for its result\n',
    );
  });

  it('refuses to attach a FILE that is not a readable file', async () => {
    const connection = await connectionWith('download secret', 'attach-secret.txt');
    const run = await runCli(['attach', 'gb', 'doc-2', scratch.dir, ...connection]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('residency: FILE is not a readable file\n');
  });
});

describe('migrate', () => {
  it('re-encrypts every record to the new version, with plain progress lines off a TTY', async () => {
    const v1 = { secret: 'first password', version: 1 };
    const v2 = { secret: 'second password', version: 2 };
    const old = await connectionWith({ currentVersion: 1, secrets: [v1] }, 'v1.json');
    const rotated = await connectionWith({ currentVersion: 2, secrets: [v1, v2] }, 'v2.json');
    for (const index of [1, 2, 3, 4, 5]) {
      const run = await runCli(['write', 'us', `m-${index}`, '--body', `b${index}`, ...old]);
      expect(run.code).toBe(0);
    }

    const run = await runCli(['migrate', 'us', '--page-size', '2', ...rotated]);
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines)
      expect(line).toMatch(/^migrate: \d+ migrated, 0 failed, \d+ skipped, \d+ left$/);
    expect(lines.at(-1)).toMatch(/^migrate: 5 migrated, .* 0 left$/);
    expect(run.stderr).not.toContain('\r');
    expect(run.stdout).toContain('5 migrated, 0 failed, 0 left');

    const found = await runCli(['find', 'us', '--json', ...rotated]);
    const { records } = JSON.parse(found.stdout) as {
      records: { version: number; body: string }[];
    };
    expect(records).toHaveLength(5);
    expect(records.every((record) => record.version === 2)).toBe(true);
    expect(records.map((record) => record.body).sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });
});
