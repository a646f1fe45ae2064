// The page: wires the forms to the facade. The passphrase is read from its field on every
// secret lookup and never leaves the page; the token comes from the demo's backend.
import type { AttachmentMeta } from '@residency/sdk';
import { fetchCountries, fetchStoredRecords } from './api.ts';
import { byId, element } from './dom.ts';
import { findPeopleByCity, type PersonRow, storePerson } from './people.ts';
import { renderResults } from './results-table.ts';
import { describeError, showStatus } from './status.ts';
import { StorageSession } from './storage-session.ts';
import { renderStoredRecords } from './stored-view.ts';
import { installStreamUploadFallback } from './stream-upload-fallback.ts';
import { downloadFile, saveFile, uploadFile } from './transfer.ts';

const page = {
  setupForm: byId('setup-form', HTMLFormElement),
  passphrase: byId('passphrase', HTMLInputElement),
  country: byId('country', HTMLSelectElement),
  sessionStatus: byId('session-status', HTMLElement),
  personForm: byId('person-form', HTMLFormElement),
  storeStatus: byId('store-status', HTMLElement),
  searchForm: byId('search-form', HTMLFormElement),
  searchCity: byId('search-city', HTMLInputElement),
  searchStatus: byId('search-status', HTMLElement),
  resultsBody: byId('results-table', HTMLTableElement).tBodies[0] as HTMLTableSectionElement,
  storedBody: byId('stored-table', HTMLTableElement).tBodies[0] as HTMLTableSectionElement,
  storedRefresh: byId('stored-refresh', HTMLButtonElement),
  storedStatus: byId('stored-status', HTMLElement),
  attachForm: byId('attach-form', HTMLFormElement),
  attachRecord: byId('attach-record', HTMLSelectElement),
  attachFile: byId('attach-file', HTMLInputElement),
  progress: byId('transfer-progress', HTMLProgressElement),
  transferStatus: byId('transfer-status', HTMLElement),
};

const session = new StorageSession(() => page.passphrase.value);
let lastSearch: { readonly country: string; readonly city: string } | undefined;

function countryName(): string {
  return page.country.selectedOptions[0]?.textContent ?? page.country.value;
}

/** Runs one user action at a time per form; a second submit while busy is ignored. */
async function whileBusy(form: HTMLElement, action: () => Promise<void>): Promise<void> {
  if (form.getAttribute('aria-busy') === 'true') return;
  form.setAttribute('aria-busy', 'true');
  try {
    await action();
  } finally {
    form.removeAttribute('aria-busy');
  }
}

function passphraseTyped(status: HTMLElement): boolean {
  if (page.passphrase.value !== '') return true;
  showStatus(status, 'Type your encryption passphrase first (section 1).', 'error');
  page.passphrase.focus();
  return false;
}

async function loadCountries(): Promise<void> {
  try {
    const countries = await fetchCountries();
    page.country.replaceChildren(
      ...countries.map((country) => {
        const option = element('option', `${country.name} (${country.code.toUpperCase()})`);
        option.value = country.code;
        return option;
      }),
    );
    showStatus(page.sessionStatus, 'Ready: type a passphrase, then store or search.');
  } catch (error) {
    showStatus(
      page.sessionStatus,
      `The countries could not be loaded. ${describeError(error)}`,
      'error',
    );
  }
}

async function onSetup(): Promise<void> {
  // Nothing to send: the passphrase is read from its field whenever the SDK needs a secret.
  showStatus(page.sessionStatus, 'Passphrase set. It stays in this page; store or search below.');
}

async function refreshStored(): Promise<void> {
  const country = page.country.value;
  showStatus(page.storedStatus, 'Reading what the server holds…', 'busy');
  try {
    const records = await fetchStoredRecords(country);
    renderStoredRecords(page.storedBody, records);
    const count = records.length === 1 ? '1 record' : `${records.length} records`;
    showStatus(page.storedStatus, `The server holds ${count} in ${countryName()} (newest first).`);
  } catch (error) {
    showStatus(page.storedStatus, describeError(error), 'error');
  }
}

function fillAttachChoices(rows: readonly PersonRow[]): void {
  const options = rows.map((row) => {
    const option = element('option', `${row.person.name} (${row.person.city})`);
    option.value = row.recordKey;
    return option;
  });
  if (options.length === 0) options.push(element('option', 'Search for people first'));
  page.attachRecord.replaceChildren(...options);
}

async function search(country: string, city: string): Promise<void> {
  const storage = await session.storage();
  const { rows, undecryptable } = await findPeopleByCity(storage, country, city);
  lastSearch = { country, city };
  renderResults(page.resultsBody, rows, (row, attachment) => void download(row, attachment));
  fillAttachChoices(rows);
  const found = rows.length === 1 ? '1 person' : `${rows.length} people`;
  const hidden =
    undecryptable === 0
      ? ''
      : ` ${undecryptable} more record(s) match but cannot be decrypted with this passphrase.`;
  showStatus(page.searchStatus, `Found ${found} in ${city}, ${countryName()}.${hidden}`);
}

async function onStore(): Promise<void> {
  if (!passphraseTyped(page.storeStatus)) return;
  const data = new FormData(page.personForm);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const person = {
    name: text('name'),
    email: text('email'),
    city: text('city'),
    note: text('note'),
  };
  showStatus(page.storeStatus, 'Encrypting and storing…', 'busy');
  try {
    await storePerson(await session.storage(), page.country.value, person);
    page.personForm.reset();
    showStatus(
      page.storeStatus,
      `Stored ${person.name} in ${countryName()}. The server received hashes and ciphertext only.`,
    );
    await refreshStored();
  } catch (error) {
    showStatus(page.storeStatus, describeError(error), 'error');
  }
}

async function onSearch(): Promise<void> {
  if (!passphraseTyped(page.searchStatus)) return;
  showStatus(page.searchStatus, 'Searching…', 'busy');
  try {
    await search(page.country.value, page.searchCity.value.trim());
    await refreshStored();
  } catch (error) {
    showStatus(page.searchStatus, describeError(error), 'error');
  }
}

function showProgress(verb: string, name: string): (done: number, total: number) => void {
  return (done, total) => {
    page.progress.max = Math.max(total, 1);
    page.progress.value = Math.min(done, page.progress.max);
    page.progress.textContent = `${verb} ${name}: ${done} of ${total} bytes`;
  };
}

async function onUpload(): Promise<void> {
  const file = page.attachFile.files?.[0];
  const recordKey = page.attachRecord.value;
  if (file === undefined || recordKey === '' || lastSearch === undefined) {
    showStatus(page.transferStatus, 'Search for a person and choose a file first.', 'error');
    return;
  }
  const { country, city } = lastSearch;
  showStatus(page.transferStatus, `Uploading ${file.name}…`, 'busy');
  try {
    const storage = await session.storage();
    const meta = await uploadFile(
      storage,
      country,
      recordKey,
      file,
      showProgress('Uploaded', file.name),
    );
    showProgress('Uploaded', file.name)(meta.size, meta.size);
    showStatus(page.transferStatus, `Uploaded ${meta.filename} (${meta.size} bytes).`);
    page.attachForm.reset();
    await search(country, city);
    await refreshStored();
  } catch (error) {
    showStatus(page.transferStatus, describeError(error), 'error');
  }
}

async function download(row: PersonRow, attachment: AttachmentMeta): Promise<void> {
  if (lastSearch === undefined) return;
  const { country } = lastSearch;
  showStatus(page.transferStatus, `Downloading ${attachment.filename}…`, 'busy');
  try {
    const storage = await session.storage();
    const progress = showProgress('Downloaded', attachment.filename);
    const file = await downloadFile(storage, country, row.recordKey, attachment, progress);
    saveFile(file);
    showStatus(page.transferStatus, `Downloaded ${file.filename} (${file.blob.size} bytes).`);
  } catch (error) {
    showStatus(page.transferStatus, describeError(error), 'error');
  }
}

function onCountryChange(): void {
  // The results belong to the previous country: clear them rather than act on them there.
  lastSearch = undefined;
  page.resultsBody.replaceChildren();
  fillAttachChoices([]);
  showStatus(page.searchStatus, `Search again to find people in ${countryName()}.`);
  void refreshStored();
}

function onSubmit(form: HTMLFormElement, action: () => Promise<void>): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void whileBusy(form, action);
  });
}

installStreamUploadFallback();
onSubmit(page.setupForm, onSetup);
onSubmit(page.personForm, onStore);
onSubmit(page.searchForm, onSearch);
onSubmit(page.attachForm, onUpload);
page.storedRefresh.addEventListener(
  'click',
  () => void whileBusy(page.storedRefresh, refreshStored),
);
page.country.addEventListener('change', onCountryChange);
void loadCountries();
