// What the fake server knows about SQL: the three CALL statements of the secure store, their
// parameter metadata (fact sheet §1 and §8) and what executing them does to the store.

import type { SecureStoreEntry } from '../../../src/hana/index.ts';
import { type MemoryTransaction, sqlError } from '../memory-secure-store.ts';
import { TypeCode } from './wire-framing.ts';
import type { InputValue, ParameterDescription } from './wire-values.ts';

/** A procedure a statement calls. */
export type Procedure = 'INSERT' | 'RETRIEVE' | 'DELETE';

const STORE_NAME: ParameterDescription = {
  name: 'STORE_NAME',
  type: TypeCode.NVARCHAR,
  output: false,
  length: 530,
};
// Spelled as the server reports it: no underscore between APPLICATION and USER.
const USER_FLAG: ParameterDescription = {
  name: 'FOR_XS_APPLICATIONUSER',
  type: TypeCode.BOOLEAN,
  output: false,
  length: 1,
};
const KEY: ParameterDescription = {
  name: 'KEY',
  type: TypeCode.NVARCHAR,
  output: false,
  length: 1024,
};
const VALUE_IN: ParameterDescription = {
  name: 'VALUE',
  type: TypeCode.VARBINARY,
  output: false,
  length: 5000,
};
const VALUE_OUT: ParameterDescription = { ...VALUE_IN, output: true };

/** Each procedure's parameters, in order. */
export const PARAMETERS: Readonly<Record<Procedure, readonly ParameterDescription[]>> = {
  INSERT: [STORE_NAME, USER_FLAG, KEY, VALUE_IN],
  RETRIEVE: [STORE_NAME, USER_FLAG, KEY, VALUE_OUT],
  DELETE: [STORE_NAME, USER_FLAG, KEY],
};

const CALL = /^CALL\s+SYS\.USER_SECURESTORE_(INSERT|RETRIEVE|DELETE)\s*\(([?,\s]*)\)\s*;?$/i;

/**
 * Recognises a CALL of a secure-store procedure.
 *
 * @returns The procedure, or `undefined` for any other SQL.
 */
export function procedureOf(sql: string): Procedure | undefined {
  const match = CALL.exec(sql.trim());
  if (match === null) return undefined;
  const procedure = (match[1] ?? '').toUpperCase() as Procedure;
  const markers = (match[2] ?? '').split(',').filter((marker) => marker.trim() === '?');
  return markers.length === PARAMETERS[procedure].length ? procedure : undefined;
}

/** How many IN parameters the client binds. */
export function inputCount(procedure: Procedure): number {
  return PARAMETERS[procedure].filter((parameter) => !parameter.output).length;
}

/**
 * Runs a procedure on the session's transaction, checking the inputs as HANA's parameter
 * types would (our guess at the errors: 274 for a value too large).
 *
 * @returns RETRIEVE's OUT value, or `undefined` for INSERT and DELETE.
 */
export function execute(
  procedure: Procedure,
  inputs: readonly InputValue[],
  transaction: MemoryTransaction,
): Uint8Array | null | undefined {
  const [storeName, forApplicationUser, key, value] = inputs;
  if (
    typeof storeName !== 'string' ||
    typeof forApplicationUser !== 'boolean' ||
    typeof key !== 'string'
  ) {
    throw sqlError(7, 'HY000', 'feature not supported: parameter types');
  }
  if (storeName.length > 530 || key.length > 1024) {
    throw sqlError(274, '22001', 'inserted value too large for column');
  }
  const entry: SecureStoreEntry = { storeName, forApplicationUser, key };
  if (procedure === 'RETRIEVE') return transaction.retrieve(entry);
  if (procedure === 'DELETE') {
    transaction.delete(entry);
    return undefined;
  }
  if (!(value instanceof Uint8Array)) throw sqlError(7, 'HY000', 'VALUE must be binary');
  if (value.byteLength > 5000) throw sqlError(274, '22001', 'inserted value too large for column');
  transaction.insert(entry, value);
  return undefined;
}
