// One client connection of the fake HANA server: the 14-byte initialization, SCRAMSHA256
// authentication (the client proof is checked against the configured password), CONNECT,
// then PREPARE / EXECUTE / DROP_STATEMENT_ID / COMMIT / ROLLBACK / DISCONNECT.

import { Buffer } from 'node:buffer';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import type { MemorySecureStore, MemoryTransaction } from '../memory-secure-store.ts';
import { clientProof } from './scram-sha256.ts';
import {
  execute,
  inputCount,
  PARAMETERS,
  type Procedure,
  procedureOf,
} from './secure-store-procedures.ts';
import {
  decodeRequest,
  encodeReply,
  FunctionCode,
  MessageType,
  PacketReader,
  type Part,
  PartKind,
  type Request,
  SegmentKind,
  TypeCode,
} from './wire-framing.ts';
import {
  decodeCesu8,
  decodeFields,
  decodeParameters,
  encodeError,
  encodeFields,
  encodeOptions,
  encodeOutputValue,
  encodeParameterMetadata,
} from './wire-values.ts';

/** What a session needs from its server. */
export interface SessionContext {
  readonly user: string;
  readonly password: string;
  readonly store: MemorySecureStore;
  /** `false`: PREPARE fails with 328, as on a database without a secure store. */
  readonly proceduresAvailable: boolean;
  /** `false`: EXECUTE fails with 258, as for a binding of another plan. */
  readonly privileged: boolean;
  /** Records each message type by name, and each prepared statement. */
  readonly log: string[];
  nextSessionId(): bigint;
}

/** Raised to answer a request with an ERROR segment. */
class ErrorReply extends Error {
  readonly code: number;
  readonly sqlState: string;

  constructor(code: number, sqlState: string, message: string) {
    super(message);
    this.code = code;
    this.sqlState = sqlState;
  }
}

const NAMES = new Map(Object.entries(MessageType).map(([name, code]) => [code as number, name]));
const INIT_REQUEST_LENGTH = 14;
/** Product version 4.20, protocol version 4.1 (hdb reads two 3-byte versions). */
const INIT_REPLY = Buffer.from([4, 20, 0, 4, 1, 0, 0, 0]);

export class FakeHanaSession {
  readonly #socket: Socket;
  readonly #context: SessionContext;
  readonly #reader = new PacketReader();
  readonly #transaction: MemoryTransaction;
  readonly #statements = new Map<string, Procedure>();
  #initialized = false;
  #sessionId = 0n;
  #scram: { salt: Buffer; serverKey: Buffer; clientChallenge: Buffer; user: string } | undefined;
  #nextStatementId = 1n;

  constructor(socket: Socket, context: SessionContext) {
    this.#socket = socket;
    this.#context = context;
    this.#transaction = context.store.open();
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    // A dropped connection rolls its transaction back and frees its locks.
    socket.on('close', () => this.#transaction.rollback());
    socket.on('error', () => undefined);
  }

  #receive(chunk: Buffer): void {
    if (!this.#initialized) {
      this.#reader.append(chunk);
      if (this.#reader.take(INIT_REQUEST_LENGTH) === undefined) return;
      this.#initialized = true;
      this.#socket.write(INIT_REPLY);
      chunk = Buffer.alloc(0);
    }
    for (const packet of this.#reader.push(chunk)) this.#answer(decodeRequest(packet));
  }

  #answer(request: Request): void {
    this.#context.log.push(NAMES.get(request.messageType) ?? `MESSAGE_${request.messageType}`);
    let reply: { functionCode: number; parts: Part[] };
    try {
      reply = this.#dispatch(request);
    } catch (error) {
      const failure = error instanceof ErrorReply ? error : toErrorReply(error);
      const data = encodeError(failure.code, failure.sqlState, failure.message);
      this.#send(request, SegmentKind.ERROR, FunctionCode.NIL, [
        { kind: PartKind.ERROR, argumentCount: 1, data },
      ]);
      if (failure.code === 10) this.#socket.end();
      return;
    }
    this.#send(request, SegmentKind.REPLY, reply.functionCode, reply.parts);
    if (request.messageType === MessageType.DISCONNECT) this.#socket.end();
  }

  #send(request: Request, kind: number, functionCode: number, parts: Part[]): void {
    const { packetCount } = request;
    this.#socket.write(
      encodeReply({ sessionId: this.#sessionId, packetCount, kind, functionCode, parts }),
    );
  }

  #dispatch(request: Request): { functionCode: number; parts: Part[] } {
    const none = { functionCode: FunctionCode.NIL, parts: [] };
    switch (request.messageType) {
      case MessageType.AUTHENTICATE:
        return { functionCode: FunctionCode.NIL, parts: [this.#authenticate(request)] };
      case MessageType.CONNECT:
        return { functionCode: FunctionCode.NIL, parts: this.#connect(request) };
      case MessageType.PREPARE:
        return { functionCode: FunctionCode.DB_PROCEDURE_CALL, parts: this.#prepare(request) };
      case MessageType.EXECUTE:
        return { functionCode: FunctionCode.DB_PROCEDURE_CALL, parts: this.#execute(request) };
      case MessageType.COMMIT:
        this.#transaction.commit();
        return { functionCode: FunctionCode.COMMIT, parts: [transactionFlag(1)] };
      case MessageType.ROLLBACK:
        this.#transaction.rollback();
        return { functionCode: FunctionCode.ROLLBACK, parts: [transactionFlag(0)] };
      case MessageType.DROP_STATEMENT_ID:
        this.#statements.delete(partOf(request, PartKind.STATEMENT_ID).data.toString('hex'));
        return none;
      case MessageType.DISCONNECT:
        this.#transaction.rollback();
        return { functionCode: FunctionCode.DISCONNECT, parts: [] };
      default:
        throw new ErrorReply(7, 'HY000', `feature not supported by the fake server`);
    }
  }

  #authenticate(request: Request): Part {
    const [user, ...methods] = decodeFields(partOf(request, PartKind.AUTHENTICATION).data);
    let clientChallenge: Buffer | undefined;
    for (let index = 0; index + 1 < methods.length; index += 2) {
      if (methods[index]?.toString('ascii') === 'SCRAMSHA256') clientChallenge = methods[index + 1];
    }
    if (clientChallenge === undefined) throw new ErrorReply(10, '28000', 'authentication failed');
    this.#scram = {
      salt: randomBytes(16),
      serverKey: randomBytes(48),
      clientChallenge,
      user: user?.toString('utf8') ?? '',
    };
    const challenge = encodeFields([this.#scram.salt, this.#scram.serverKey]);
    return {
      kind: PartKind.AUTHENTICATION,
      argumentCount: 1,
      data: encodeFields(['SCRAMSHA256', challenge]),
    };
  }

  #connect(request: Request): Part[] {
    const [, method, proof] = decodeFields(partOf(request, PartKind.AUTHENTICATION).data);
    const scram = this.#scram;
    const { user, password } = this.#context;
    const expected = scram === undefined ? undefined : clientProof(password, scram);
    // The proof field is a sub-field list: a big-endian count, a length byte, 32 bytes.
    const given = proof?.subarray(3);
    const valid =
      scram?.user === user &&
      method?.toString('ascii') === 'SCRAMSHA256' &&
      expected !== undefined &&
      given?.length === expected.length &&
      timingSafeEqual(given, expected);
    if (!valid) throw new ErrorReply(10, '28000', 'authentication failed');
    this.#sessionId = this.#context.nextSessionId();
    const options = encodeOptions([
      { name: 1, type: TypeCode.INT, value: Number(this.#sessionId) }, // CONNECTION_ID
      { name: 44, type: TypeCode.STRING, value: '4.00.000.00.0000000000 (fake)' }, // FULL_VERSION_STRING
    ]);
    return [
      {
        kind: PartKind.AUTHENTICATION,
        argumentCount: 1,
        data: encodeFields(['SCRAMSHA256', Buffer.alloc(0)]),
      },
      { kind: PartKind.CONNECT_OPTIONS, argumentCount: 2, data: options },
    ];
  }

  #prepare(request: Request): Part[] {
    this.#requireSession();
    const sql = decodeCesu8(partOf(request, PartKind.COMMAND).data);
    this.#context.log.push(`  ${sql}`);
    const procedure = procedureOf(sql);
    if (procedure === undefined) throw new ErrorReply(257, '42000', 'sql syntax error');
    if (!this.#context.proceduresAvailable) {
      throw new ErrorReply(
        328,
        'HY000',
        `invalid name of function or procedure: USER_SECURESTORE_${procedure}`,
      );
    }
    const id = Buffer.alloc(8);
    id.writeBigUInt64LE(this.#nextStatementId++, 0);
    this.#statements.set(id.toString('hex'), procedure);
    const parameters = PARAMETERS[procedure];
    return [
      { kind: PartKind.STATEMENT_ID, argumentCount: 1, data: id },
      {
        kind: PartKind.PARAMETER_METADATA,
        argumentCount: parameters.length,
        data: encodeParameterMetadata(parameters),
      },
    ];
  }

  #execute(request: Request): Part[] {
    this.#requireSession();
    const procedure = this.#statements.get(
      partOf(request, PartKind.STATEMENT_ID).data.toString('hex'),
    );
    if (procedure === undefined) throw new ErrorReply(1, 'HY000', 'invalid statement id');
    if (!this.#context.privileged)
      throw new ErrorReply(258, 'HY000', 'insufficient privilege: Not authorized');
    const inputs = decodeParameters(
      partOf(request, PartKind.PARAMETERS).data,
      inputCount(procedure),
    );
    // Run inside the transaction; the segment's commit flag (autocommit) commits right after.
    this.#transaction.autoCommit = false;
    const value = execute(procedure, inputs, this.#transaction);
    if (request.commit) this.#transaction.commit();
    const affected = Buffer.alloc(4);
    affected.writeInt32LE(-1, 0);
    const parts: Part[] = [{ kind: PartKind.ROWS_AFFECTED, argumentCount: 1, data: affected }];
    if (value !== undefined) {
      parts.push({
        kind: PartKind.OUTPUT_PARAMETERS,
        argumentCount: 1,
        data: encodeOutputValue(value),
      });
    }
    return parts;
  }

  #requireSession(): void {
    if (this.#sessionId === 0n) throw new ErrorReply(10, '28000', 'not connected');
  }
}

function partOf(request: Request, kind: number): Part {
  const part = request.parts.find((candidate) => candidate.kind === kind);
  if (part === undefined) throw new ErrorReply(1, 'HY000', `missing part ${kind}`);
  return part;
}

function transactionFlag(name: number): Part {
  return {
    kind: PartKind.TRANSACTION_FLAGS,
    argumentCount: 1,
    data: encodeOptions([{ name, type: TypeCode.BOOLEAN, value: true }]),
  };
}

function toErrorReply(error: unknown): ErrorReply {
  const { code, sqlState, message } = error as {
    code?: unknown;
    sqlState?: unknown;
    message?: unknown;
  };
  if (typeof code === 'number' && typeof sqlState === 'string')
    return new ErrorReply(code, sqlState, String(message));
  return new ErrorReply(1, 'HY000', `fake server error: ${String(message)}`);
}
