// Attachments with a progress indicator. The upload hands the SDK a stream over the file that
// counts the bytes as the SDK pulls them (it reads on demand, never ahead), and the download
// counts the bytes of the SDK's stream as they arrive.
import type { AttachmentMeta, Storage } from '@residency/sdk';

/** Receives the bytes transferred so far and the total, both in bytes. */
export type ProgressListener = (transferred: number, total: number) => void;

/** A downloaded file, ready to save. */
export interface DownloadedFile {
  readonly filename: string;
  readonly blob: Blob;
}

function countingStream(file: Blob, onProgress: ProgressListener): ReadableStream<Uint8Array> {
  const reader = file.stream().getReader();
  let transferred = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        transferred += value.byteLength;
        onProgress(transferred, file.size);
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Nothing is read before the SDK asks: the count follows the upload, not a read-ahead.
    { highWaterMark: 0 },
  );
}

/**
 * Uploads a file to a record, replacing an attachment of the same name.
 *
 * @param storage The page's storage.
 * @param country The country code.
 * @param recordKey The record's key.
 * @param file The file the user chose.
 * @param onProgress Called after each chunk the SDK takes.
 * @returns The attachment's metadata.
 * @throws {StorageError} What `storage.addAttachment` throws.
 */
export async function uploadFile(
  storage: Storage,
  country: string,
  recordKey: string,
  file: File,
  onProgress: ProgressListener,
): Promise<AttachmentMeta> {
  // A stream of our own can be sent once only: a 429 or 401 is reported, not retried.
  const { attachmentMeta } = await storage.addAttachment(
    country,
    recordKey,
    countingStream(file, onProgress),
    {
      fileName: file.name === '' ? 'file' : file.name,
      mimeType: file.type === '' ? 'application/octet-stream' : file.type,
      upsert: true,
    },
  );
  return attachmentMeta;
}

/**
 * Downloads an attachment into memory, counting the bytes as they arrive.
 *
 * @param storage The page's storage.
 * @param country The country code.
 * @param recordKey The record's key.
 * @param attachment The attachment's metadata (its size is the progress total).
 * @param onProgress Called after each chunk.
 * @returns The file's name and content.
 * @throws {StorageError} What `storage.getAttachmentFile` throws, or reading its stream.
 */
export async function downloadFile(
  storage: Storage,
  country: string,
  recordKey: string,
  attachment: AttachmentMeta,
  onProgress: ProgressListener,
): Promise<DownloadedFile> {
  const { attachmentData } = await storage.getAttachmentFile(country, recordKey, attachment.fileId);
  const reader = attachmentData.file.getReader();
  const chunks: Uint8Array[] = [];
  let transferred = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    transferred += value.byteLength;
    onProgress(transferred, attachment.size);
  }
  // A response body's chunks sit on plain ArrayBuffers, never shared ones.
  const blob = new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: attachment.mimeType });
  return { filename: attachmentData.filename, blob };
}

let lastObjectUrl: string | undefined;

/**
 * Hands a downloaded file to the browser's download, as a link click does.
 *
 * @param file The file.
 */
export function saveFile(file: DownloadedFile): void {
  // The previous file's URL is released now: its download has long been handed over.
  if (lastObjectUrl !== undefined) URL.revokeObjectURL(lastObjectUrl);
  lastObjectUrl = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = lastObjectUrl;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
