// The public surface of both entries: the same names, the Node entry adding its two helpers.
import { describe, expect, it } from 'vitest';
import * as node from '../src/index.node.ts';
import * as web from '../src/index.ts';

describe('@residency/attachments exports', () => {
  it('lists exactly the public values of the default entry', () => {
    expect(Object.keys(web).sort()).toEqual(
      ['AttachmentStorage', 'DEFAULT_MAX_ATTACHMENT_SIZE', 'readAttachmentBytes'].sort(),
    );
    expect(web.DEFAULT_MAX_ATTACHMENT_SIZE).toBe(104_857_600);
  });

  it('gives the Node entry the same names plus toNodeReadable and openFile', () => {
    expect(Object.keys(node).sort()).toEqual(
      [...Object.keys(web), 'openFile', 'toNodeReadable'].sort(),
    );
    expect(node.AttachmentStorage.prototype).toBeInstanceOf(web.AttachmentStorage);
    expect(node.readAttachmentBytes).toBe(web.readAttachmentBytes);
    // Every other value is the default entry's own, re-exported, not a copy.
    const nodeValues = new Map(Object.entries(node));
    for (const [name, value] of Object.entries(web)) {
      if (name === 'AttachmentStorage') continue;
      expect(nodeValues.get(name), name).toBe(value);
    }
  });
});
