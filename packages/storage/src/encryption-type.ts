import { StorageConfigValidationError } from '@residency/errors';

/**
 * How records are protected (protocol.md §5.3, §6.7), the seed's `EncryptionType`:
 * - `LOCAL`: keys hashed, body encrypted on the client with the application's secrets;
 * - `SSE`: server-side encryption: the record travels as-is, nothing hashed or encrypted here;
 * - `OFF`: keys still hashed, body sent as `pt:` (base64, not encrypted).
 */
export const EncryptionType: {
  readonly LOCAL: 'LOCAL';
  readonly SSE: 'SSE';
  readonly OFF: 'OFF';
} = Object.freeze({ LOCAL: 'LOCAL', SSE: 'SSE', OFF: 'OFF' });

/** `'LOCAL' | 'SSE' | 'OFF'`. */
export type EncryptionType = (typeof EncryptionType)[keyof typeof EncryptionType];

/**
 * Reads the `encrypt` option as the facade accepts it: an `EncryptionType`, or a boolean as in
 * Node and older Python SDKs (`true` → `LOCAL`, `false` → `OFF`).
 *
 * @param value `true`, `false`, `'LOCAL'`, `'SSE'` or `'OFF'`.
 * @returns The encryption type.
 * @throws {StorageConfigValidationError} When `value` is anything else.
 * @example
 * ```ts
 * toEncryptionType(false); // 'OFF'
 * ```
 */
export function toEncryptionType(value: boolean | EncryptionType): EncryptionType {
  if (value === true) return EncryptionType.LOCAL;
  if (value === false) return EncryptionType.OFF;
  if (value === 'LOCAL' || value === 'SSE' || value === 'OFF') return value;
  throw new StorageConfigValidationError(
    'encrypt must be a boolean or one of "LOCAL", "SSE", "OFF"',
  );
}
