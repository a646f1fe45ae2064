// Runs the demo as a user does (`pnpm demo` runs this same command) and checks the story it
// prints, its exit code, and that nothing is left running or on disk afterwards.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning } from './support/processes.ts';

const run = promisify(execFile);
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const root = join(import.meta.dirname, '..');

describe('pnpm demo', () => {
  let stdout = '';

  beforeAll(async () => {
    const result = await run(
      process.execPath,
      [tsx, '--conditions=@residency/source', 'src/main.ts'],
      { cwd: root, timeout: 120_000 },
    );
    stdout = result.stdout;
  }, 130_000);

  it('tells every chapter and completes', () => {
    for (const chapter of [
      'The embedded server',
      'One person per country',
      'What the server holds',
      'Read back',
      'Batch write, then find',
      'A file attached to a record',
      'Key rotation',
      'Server-side encryption',
      'What failures look like',
    ]) {
      expect(stdout).toContain(chapter);
    }
    expect(stdout).toContain('The story is complete.');
  });

  it('reads back what it wrote, and finds by filter in sort order', () => {
    expect(stdout).toContain('person-bruno → {"name":"Bruno","email":"bruno@example.com"}');
    const found = stdout.split('Batch write, then find')[1]?.split('Server-side')[0] ?? '';
    expect(found).toContain(
      'found 3 records whose key2 is "platform" and rangeKey1 is at least 30, oldest first',
    );
    expect(found).toMatch(/Gustav, 52\n\s+Emil, 41\n\s+Hanna, 33\n/);
    expect(found).not.toMatch(/Dana|Frida/);
  });

  it('downloads the attachment byte for byte and migrates every record to the new version', () => {
    const files = stdout.split('A file attached to a record')[1]?.split('Key rotation')[0] ?? '';
    expect(files).toMatch(
      /files are stored as sent: the SDK does not encrypt them[\s\S]*\n\s*attached /m,
    );
    expect(stdout).toContain('attached "Vertrag für Bruno.txt"');
    expect(stdout).toMatch(/downloaded "Vertrag für Bruno.txt": \d+ bytes, identical: true/);
    for (const country of ['us', 'de', 'sg']) {
      expect(stdout).toMatch(new RegExp(`migrate ${country}: [1-9]\\d* re-encrypted`));
    }
    expect(stdout).toContain('every person reads back, now at version 2');
  });

  it('shows the server holding hashes and ciphertext, never the plaintext', () => {
    const stored = stdout.split('What the server holds')[1]?.split('Read back')[0] ?? '';
    expect(stored).toMatch(/record_key {2}[0-9a-f]{64}/);
    expect(stored).toMatch(/body {8}2:/);
    expect(stored).not.toContain('Bruno');
    expect(stored).not.toContain('Berlin');
  });

  it('shows each failure as its typed error', () => {
    expect(stdout).toContain('a wrong secret → StorageCryptoError');
    expect(stdout).toContain('a bad filter → InputValidationError');
    expect(stdout).toContain('a bad limit → InputValidationError');
    expect(stdout).toContain('a missing record → StorageServerError');
  });

  it('leaves no server running and no data folder behind', () => {
    const dataDir = /data in (\S+)/.exec(stdout)?.[1] ?? '';
    expect(dataDir).toMatch(/residency-demo-/);
    expect(existsSync(dataDir)).toBe(false);
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});
