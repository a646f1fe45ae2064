// The framing of the HANA SQL Command Network Protocol as our fake server speaks it, written
// for this project from the layout the hdb driver reads and writes
// (node_modules/hdb/lib/protocol): a packet is a 32-byte header and one segment; a segment is a
// 24-byte header and parts; a part is a 16-byte header and data padded to 8 bytes. Integers
// are little endian.

import { Buffer } from 'node:buffer';

/** Request message types (segment header byte 13). */
export const MessageType = {
  EXECUTE_DIRECT: 2,
  PREPARE: 3,
  EXECUTE: 13,
  AUTHENTICATE: 65,
  CONNECT: 66,
  COMMIT: 67,
  ROLLBACK: 68,
  DROP_STATEMENT_ID: 70,
  DISCONNECT: 77,
} as const;

/** Segment kinds: a request, a reply, or an error reply. */
export const SegmentKind = { REQUEST: 1, REPLY: 2, ERROR: 5 } as const;

/** Reply function codes (segment header bytes 14–15). */
export const FunctionCode = {
  NIL: 0,
  DB_PROCEDURE_CALL: 8,
  COMMIT: 11,
  ROLLBACK: 12,
  DISCONNECT: 18,
} as const;

/** Part kinds used here. */
export const PartKind = {
  COMMAND: 3,
  ERROR: 6,
  STATEMENT_ID: 10,
  ROWS_AFFECTED: 12,
  PARAMETERS: 32,
  AUTHENTICATION: 33,
  OUTPUT_PARAMETERS: 41,
  CONNECT_OPTIONS: 42,
  PARAMETER_METADATA: 47,
  TRANSACTION_FLAGS: 64,
} as const;

/** Type codes used here. */
export const TypeCode = {
  TINYINT: 1,
  INT: 3,
  NVARCHAR: 11,
  VARBINARY: 13,
  BOOLEAN: 28,
  STRING: 29,
} as const;

const PACKET_HEADER = 32;
const SEGMENT_HEADER = 24;
const PART_HEADER = 16;

/** One part of a message. */
export interface Part {
  readonly kind: number;
  readonly argumentCount: number;
  readonly data: Buffer;
}

/** A decoded request packet. */
export interface Request {
  readonly packetCount: number;
  readonly messageType: number;
  /** The segment's commit flag: the client runs in autocommit. */
  readonly commit: boolean;
  readonly parts: readonly Part[];
}

/** Splits a byte stream into whole packets. */
export class PacketReader {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns every packet now complete. */
  push(chunk: Buffer): Buffer[] {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    const packets: Buffer[] = [];
    while (this.#buffer.length >= PACKET_HEADER) {
      const length = PACKET_HEADER + this.#buffer.readUInt32LE(12);
      if (this.#buffer.length < length) break;
      packets.push(this.#buffer.subarray(0, length));
      this.#buffer = this.#buffer.subarray(length);
    }
    return packets;
  }

  /** Takes `length` raw bytes when that many are buffered (the 14-byte handshake). */
  take(length: number): Buffer | undefined {
    if (this.#buffer.length < length) return undefined;
    const taken = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return taken;
  }

  /** Adds bytes without splitting them yet. */
  append(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
  }
}

/** Reads a request packet: its header, first segment and parts. */
export function decodeRequest(packet: Buffer): Request {
  const segment = PACKET_HEADER;
  const partCount = packet.readInt16LE(segment + 8);
  const parts: Part[] = [];
  let offset = segment + SEGMENT_HEADER;
  for (let index = 0; index < partCount; index++) {
    let argumentCount = packet.readInt16LE(offset + 2);
    if (argumentCount === -1) argumentCount = packet.readInt32LE(offset + 4);
    const length = packet.readInt32LE(offset + 8);
    const start = offset + PART_HEADER;
    parts.push({
      kind: packet[offset] ?? 0,
      argumentCount,
      data: packet.subarray(start, start + length),
    });
    offset = start + align8(length);
  }
  return {
    packetCount: packet.readUInt32LE(8),
    messageType: packet.readInt8(segment + 13),
    commit: packet.readInt8(segment + 14) === 1,
    parts,
  };
}

/** What a reply packet holds. */
export interface Reply {
  readonly sessionId: bigint;
  readonly packetCount: number;
  readonly kind: number;
  readonly functionCode: number;
  readonly parts: readonly Part[];
}

/** Writes a reply packet. */
export function encodeReply(reply: Reply): Buffer {
  const parts = reply.parts.map(encodePart);
  const segmentLength = SEGMENT_HEADER + parts.reduce((sum, part) => sum + part.length, 0);
  const segment = Buffer.alloc(SEGMENT_HEADER);
  segment.writeInt32LE(segmentLength, 0);
  segment.writeInt16LE(reply.parts.length, 8);
  segment.writeInt16LE(1, 10);
  segment.writeInt8(reply.kind, 12);
  segment.writeInt16LE(reply.functionCode, 14);
  const header = Buffer.alloc(PACKET_HEADER);
  header.writeBigUInt64LE(reply.sessionId, 0);
  header.writeUInt32LE(reply.packetCount, 8);
  header.writeUInt32LE(segmentLength, 12);
  header.writeUInt32LE(segmentLength, 16);
  header.writeUInt16LE(1, 20);
  return Buffer.concat([header, segment, ...parts]);
}

function encodePart(part: Part): Buffer {
  const padded = align8(part.data.length);
  const buffer = Buffer.alloc(PART_HEADER + padded);
  buffer.writeInt8(part.kind, 0);
  if (part.argumentCount > 32_767) {
    buffer.writeInt16LE(-1, 2);
    buffer.writeInt32LE(part.argumentCount, 4);
  } else {
    buffer.writeInt16LE(part.argumentCount, 2);
  }
  buffer.writeInt32LE(part.data.length, 8);
  buffer.writeInt32LE(padded, 12);
  part.data.copy(buffer, PART_HEADER);
  return buffer;
}

function align8(length: number): number {
  return Math.ceil(length / 8) * 8;
}
