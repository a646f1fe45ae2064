// The web demo end to end, as a user meets it: `vite build`, the demo backend started as
// `pnpm dev` starts it (with the storage server behind it), Debian's Chromium driving the page
// with the keyboard and the mouse. Then the proof the page makes: after the server has exited,
// no row of any country database holds the person's name, email, city or note.
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProcess, startDemoProcess } from './support/demo-process.ts';
import { readStoredValues } from './support/stored-rows.ts';

const packageRoot = join(import.meta.dirname, '..');
const outputDir = join(packageRoot, 'test-output');

/** Markers found nowhere else, so any match in a stored row is a leak. */
const person = {
  name: 'Ada Quillfeather',
  email: 'ada.quillfeather@example.org',
  city: 'Quillby Harbour',
  note: 'prefers the sealed envelope 7f3a',
};
const passphrase = 'correct horse battery staple 42';
/** 300 000 bytes, more than one of the server's 256 KiB chunks; a step of 31 spells no word. */
const attachment = Uint8Array.from({ length: 300_000 }, (_, index) => (index * 31 + 7) % 256);

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

interface SentRequest {
  readonly url: string;
  readonly text: string;
}

/** Waits until a status line reports the expected outcome or an error, and returns its text. */
async function outcome(page: Page, id: string, expected: RegExp): Promise<string> {
  const status = page.locator(`#${id}`);
  await status.filter({ hasText: new RegExp(`${expected.source}|Error`) }).waitFor();
  return (await status.textContent()) ?? '';
}

describe('the web demo in Chromium', () => {
  let dataDir = '';
  let demo: DemoProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let clientSecret = '';
  /** The hashed city as the page's server view showed it. */
  let storedKey1 = '';
  const sent: SentRequest[] = [];

  beforeAll(async () => {
    await build({ configFile: join(packageRoot, 'vite.config.ts'), logLevel: 'warn' });
    dataDir = await mkdtemp(join(tmpdir(), 'residency-demo-web-test-'));
    demo = await startDemoProcess(dataDir);
    ({ clientSecret } = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')));
    // Part of the launch: the server creates a country's database on first use, which takes
    // seconds on a small machine; done here, the page's actions stay within normal timeouts.
    expect((await fetch(`${demo.url}/api/stored?country=de`)).status).toBe(200);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: LAUNCH_ARGS,
      timeout: 120_000,
    });
    const context = await browser.newContext({ acceptDownloads: true });
    // Routed, every request's body is at hand (a plain listener sees none of fetch's bodies).
    await context.route('**/*', async (route) => {
      const request = route.request();
      const body = request.postDataBuffer()?.toString('utf8') ?? '';
      sent.push({ url: request.url(), text: `${JSON.stringify(request.headers())}\n${body}` });
      await route.continue();
    });
    page = await context.newPage();
    await page.goto(demo.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('hands the page a token, never the client secret', async () => {
    const session = await page.evaluate(() =>
      fetch('/api/session').then((response) => response.text()),
    );
    expect(Object.keys(JSON.parse(session)).sort()).toEqual([
      'endpoint',
      'environmentId',
      'expiresIn',
      'token',
    ]);
    expect(clientSecret.length).toBeGreaterThan(10);
    expect(session).not.toContain(clientSecret);
    expect(await page.content()).not.toContain(clientSecret);
  });

  it('stores a person and finds them by city, with the keyboard', async () => {
    await page.getByLabel('Encryption passphrase').fill(passphrase);
    await page.getByLabel('Country the data lives in').selectOption('de');
    await page.getByLabel('Name', { exact: true }).fill(person.name);
    await page.getByLabel('Email').fill(person.email);
    await page.locator('#person-city').fill(person.city);
    await page.getByLabel('Note').fill(person.note);
    await page.locator('#person-city').press('Enter');
    expect(await outcome(page, 'store-status', /Stored/)).toContain(`Stored ${person.name}`);

    // Any case finds the city: keys are lowercased before they are hashed.
    await page.getByRole('searchbox', { name: 'City' }).fill(person.city.toUpperCase());
    await page.getByRole('searchbox', { name: 'City' }).press('Enter');
    expect(await outcome(page, 'search-status', /Found/)).toContain('Found 1 person');
    const row = page.getByRole('row', { name: new RegExp(person.name) });
    expect(await row.getByRole('cell').count()).toBe(4);
    expect(await row.textContent()).toContain(person.email);
    expect(await row.textContent()).toContain(person.note);
  }, 60_000);

  it("shows the server's hashes and ciphertext beside what the user sees", async () => {
    const stored = page.locator('#stored-table tbody tr').first();
    await stored.waitFor();
    const [recordKey, key1, body] = await stored.locator('td').allTextContents();
    expect(recordKey).toMatch(/^[0-9a-f]{64}$/);
    expect(key1).toMatch(/^[0-9a-f]{64}$/);
    expect(body).toMatch(/^2:[A-Za-z0-9+/=]+$/);
    storedKey1 = key1 ?? '';
    const storedText = await page.locator('#stored-table').textContent();
    for (const value of Object.values(person)) expect(storedText).not.toContain(value);
  }, 60_000);

  it('uploads an attachment with progress and downloads the same bytes', async () => {
    const choice = `${person.name} (${person.city})`;
    await page.getByRole('combobox', { name: 'Person' }).selectOption({ label: choice });
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'scan.bin',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(attachment),
    });
    await page.getByRole('button', { name: 'Upload' }).click();
    expect(await outcome(page, 'transfer-status', /Uploaded/)).toBe(
      `Uploaded scan.bin (${attachment.length} bytes).`,
    );
    const progress = page.getByRole('progressbar', { name: 'Transfer' });
    expect(await progress.evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([
      attachment.length,
      attachment.length,
    ]);

    const downloading = page.waitForEvent('download');
    await page
      .getByRole('button', { name: `Download scan.bin (300.0 kB) of ${person.name}` })
      .click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('scan.bin');
    const bytes = await readFile(await download.path());
    expect(Buffer.compare(bytes, Buffer.from(attachment))).toBe(0);
    expect(await outcome(page, 'transfer-status', /Downloaded/)).toContain('Downloaded scan.bin');

    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'demo-web.png'), fullPage: true });
  }, 60_000);

  it('never sends the passphrase or the plaintext anywhere', () => {
    const pageOrigin = new URL(demo?.url ?? '').origin;
    // Not vacuous: the page sent the encrypted record to the storage server itself.
    const toServer = sent.filter((request) => new URL(request.url).origin !== pageOrigin);
    expect(toServer.some((request) => request.text.includes('"body":"2:'))).toBe(true);
    for (const request of sent) {
      expect(request.text).not.toContain(passphrase);
      for (const value of Object.values(person)) expect(request.text).not.toContain(value);
    }
  });

  it('stops, and no stored row holds the plaintext or the passphrase', async () => {
    await browser?.close();
    browser = undefined;
    expect(await demo?.stop()).toBe(0);
    // The server closed its database and released the data folder's lock on exit.
    await expect(stat(join(dataDir, 'pglite', 'residency.lock'))).rejects.toThrow();

    const values = await readStoredValues(dataDir);
    const stored = (place: string, text: string) =>
      values.some((value) => value.place === place && value.text === text);
    // Not vacuous: the scan sees the hash the page showed, and reads plain text where the SDK
    // stores it as such (an attachment's name).
    expect(stored('de.records.key1', storedKey1)).toBe(true);
    expect(stored('de.attachments.filename', 'scan.bin')).toBe(true);
    const secrets = [...Object.values(person), passphrase].map((text) => text.toLowerCase());
    const leaks = values.filter((value) =>
      secrets.some((secret) => value.text.toLowerCase().includes(secret)),
    );
    expect(leaks.map((leak) => leak.place)).toEqual([]);
  }, 60_000);
});
