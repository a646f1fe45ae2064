// The Node entry of @residency/crypto: the same names as the default entry, on node:crypto.
export * from './index.ts';
