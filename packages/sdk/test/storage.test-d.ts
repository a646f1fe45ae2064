// The facade's public signatures: what an application compiles against.
import type { Readable } from 'node:stream';
import { describe, expectTypeOf, it } from 'vitest';
import type { toNodeReadable } from '../src/index.node.ts';
import type {
  AddAttachmentOptions,
  AttachmentData,
  AttachmentFile,
  AttachmentFileResult,
  AttachmentMeta,
  AttachmentMetaResult,
  AttachmentMetaUpdate,
  MigrateAllOptions,
  MigrateAllResult,
  MigrateProgress,
  MigrateResult,
  RequestOptionsInput,
  Storage,
  SuccessResult,
} from '../src/index.ts';

describe('Storage attachment methods', () => {
  it('take the seed arguments, country first', () => {
    expectTypeOf<Parameters<Storage['addAttachment']>>().toEqualTypeOf<
      [string, string, AttachmentFile, AddAttachmentOptions?, RequestOptionsInput?]
    >();
    expectTypeOf<Parameters<Storage['deleteAttachment']>>().toEqualTypeOf<
      [string, string, string, RequestOptionsInput?]
    >();
    expectTypeOf<Parameters<Storage['getAttachmentFile']>>().toEqualTypeOf<
      [string, string, string, RequestOptionsInput?]
    >();
    expectTypeOf<Parameters<Storage['getAttachmentMeta']>>().toEqualTypeOf<
      [string, string, string, RequestOptionsInput?]
    >();
    expectTypeOf<Parameters<Storage['updateAttachmentMeta']>>().toEqualTypeOf<
      [string, string, string, AttachmentMetaUpdate, RequestOptionsInput?]
    >();
  });

  it('return the seed shapes, with Dates and a web stream', () => {
    expectTypeOf<
      ReturnType<Storage['addAttachment']>
    >().resolves.toEqualTypeOf<AttachmentMetaResult>();
    expectTypeOf<
      ReturnType<Storage['getAttachmentMeta']>
    >().resolves.toEqualTypeOf<AttachmentMetaResult>();
    expectTypeOf<
      ReturnType<Storage['updateAttachmentMeta']>
    >().resolves.toEqualTypeOf<AttachmentMetaResult>();
    expectTypeOf<ReturnType<Storage['deleteAttachment']>>().resolves.toEqualTypeOf<SuccessResult>();
    expectTypeOf<
      ReturnType<Storage['getAttachmentFile']>
    >().resolves.toEqualTypeOf<AttachmentFileResult>();
    expectTypeOf<AttachmentMetaResult['attachmentMeta']>().toEqualTypeOf<AttachmentMeta>();
    expectTypeOf<AttachmentMeta['createdAt']>().toEqualTypeOf<Date>();
    expectTypeOf<AttachmentData>().toEqualTypeOf<{
      readonly filename: string;
      readonly file: ReadableStream<Uint8Array>;
    }>();
    expectTypeOf<SuccessResult['success']>().toEqualTypeOf<true>();
  });

  it('accept every kind of file', () => {
    expectTypeOf<
      string | Blob | File | Uint8Array | ReadableStream<Uint8Array> | Readable
    >().toExtend<AttachmentFile>();
    expectTypeOf<AddAttachmentOptions>().toEqualTypeOf<{
      readonly fileName?: string | undefined;
      readonly mimeType?: string | undefined;
      readonly upsert?: boolean | undefined;
    }>();
    expectTypeOf<typeof toNodeReadable>().returns.toEqualTypeOf<Readable>();
  });
});

describe('Storage migration methods', () => {
  it('type migrate as the seed and migrateAll with progress', () => {
    expectTypeOf<Parameters<Storage['migrate']>>().toEqualTypeOf<
      [string, number?, RequestOptionsInput?]
    >();
    expectTypeOf<ReturnType<Storage['migrate']>>().resolves.toEqualTypeOf<MigrateResult>();
    expectTypeOf<Pick<MigrateResult, 'migrated' | 'totalLeft'>>().toEqualTypeOf<{
      readonly migrated: number;
      readonly totalLeft: number;
    }>();
    expectTypeOf<Parameters<Storage['migrateAll']>>().toEqualTypeOf<[string, MigrateAllOptions?]>();
    expectTypeOf<ReturnType<Storage['migrateAll']>>().resolves.toEqualTypeOf<MigrateAllResult>();
    expectTypeOf<MigrateAllResult>().toExtend<MigrateProgress>();
    expectTypeOf<MigrateAllOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
  });
});
