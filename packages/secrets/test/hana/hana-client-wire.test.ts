import { describe } from 'vitest';
import { secureStoreContract } from '../support/secure-store-contract.ts';

// @sap/hana-client (official, native) is a pinned devDependency here, so the same wire contract
// runs through both drivers on every run; for users it stays an optional peer.
describe('wire contract through @sap/hana-client against the fake HANA server', () => {
  secureStoreContract('@sap/hana-client');
});
