import { describe, expect, it } from 'vitest';
import { DEFAULT_MIME_TYPE, mimeTypeForFileName } from '../src/index.ts';

describe('mimeTypeForFileName', () => {
  it.each([
    // What the official Python SDK 3.3 integration suite expects of the platform.
    ['Naïve file.txt', 'text/plain'],
    ['test_attachments.py', 'text/x-python'],
    // mime-db's standard types.
    ['report.pdf', 'application/pdf'],
    ['data.json', 'application/json'],
    ['photo.jpeg', 'image/jpeg'],
    ['photo.jpg', 'image/jpeg'],
    ['icon.png', 'image/png'],
    ['page.html', 'text/html'],
    ['table.csv', 'text/csv'],
    ['notes.md', 'text/markdown'],
    ['archive.zip', 'application/zip'],
    ['archive.tar.gz', 'application/gzip'],
    ['letter.doc', 'application/msword'],
    ['clip.mp4', 'video/mp4'],
    ['sound.mp3', 'audio/mpeg'],
    ['feed.xml', 'application/xml'],
    // mime-db's vendor types, which `mime/lite` would not know.
    ['contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['budget.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['app.apk', 'application/vnd.android.package-archive'],
  ])('types %j as %s', (fileName, type) => {
    expect(mimeTypeForFileName(fileName)).toBe(type);
  });

  it.each([
    ['REPORT.PDF', 'application/pdf'],
    ['Script.PY', 'text/x-python'],
    ['Notes.TxT', 'text/plain'],
  ])('reads the extension of %j whatever its case', (fileName, type) => {
    expect(mimeTypeForFileName(fileName)).toBe(type);
  });

  it.each([
    ['résumé.pdf', 'application/pdf'],
    ['日本語のファイル.txt', 'text/plain'],
    ['emoji 📎.png', 'image/png'],
  ])('types the Unicode name %j by its extension', (fileName, type) => {
    expect(mimeTypeForFileName(fileName)).toBe(type);
  });

  it.each([
    ['/home/ada/notes.txt', 'text/plain'],
    ['C:\\Users\\ada\\notes.txt', 'text/plain'],
    ['folder.pdf/README', DEFAULT_MIME_TYPE],
  ])('looks only at the base name of the path %j', (fileName, type) => {
    expect(mimeTypeForFileName(fileName)).toBe(type);
  });

  it.each([
    'README',
    'file',
    // A bare extension is a name, not an extension (the database alone would type it).
    'txt',
    'pdf',
    // Dotfiles: the leading dot starts the name, as in Python's os.path.splitext.
    '.bashrc',
    '.txt',
    '..txt',
    'trailing-dot.',
    'unknown.extension-nobody-uses',
    'file.txt ',
    '',
  ])('gives application/octet-stream to %j', (fileName) => {
    expect(mimeTypeForFileName(fileName)).toBe('application/octet-stream');
  });

  it('types a dotfile that has an extension of its own', () => {
    expect(mimeTypeForFileName('.config.json')).toBe('application/json');
  });
});
