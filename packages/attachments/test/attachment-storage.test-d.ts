import type { Readable } from 'node:stream';
import type { AttachmentMeta, SuccessResult } from '@residency/storage';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  AttachmentData,
  AttachmentFile,
  AttachmentFileResult,
  AttachmentMetaResult,
  AttachmentStorage,
} from '../src/index.node.ts';

declare const attachments: AttachmentStorage;
declare const readable: Readable;

describe('AttachmentStorage types', () => {
  it('accepts every kind of file, a Node Readable included', () => {
    expectTypeOf<string>().toExtend<AttachmentFile>();
    expectTypeOf<Blob>().toExtend<AttachmentFile>();
    expectTypeOf<File>().toExtend<AttachmentFile>();
    expectTypeOf<Uint8Array>().toExtend<AttachmentFile>();
    expectTypeOf<ReadableStream<Uint8Array>>().toExtend<AttachmentFile>();
    expectTypeOf(readable).toExtend<AttachmentFile>();
    expectTypeOf<number>().not.toExtend<AttachmentFile>();
  });

  it('types the results as the seed shapes them', () => {
    expectTypeOf(attachments.addAttachment).returns.resolves.toEqualTypeOf<AttachmentMetaResult>();
    expectTypeOf<AttachmentMetaResult['attachmentMeta']>().toEqualTypeOf<AttachmentMeta>();
    expectTypeOf(
      attachments.getAttachmentFile,
    ).returns.resolves.toEqualTypeOf<AttachmentFileResult>();
    expectTypeOf<AttachmentData['file']>().toEqualTypeOf<ReadableStream<Uint8Array>>();
    expectTypeOf(attachments.deleteAttachment).returns.resolves.toEqualTypeOf<SuccessResult>();
  });
});
