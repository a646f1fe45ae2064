import { createRequire } from 'node:module';
import { describe, it } from 'vitest';
import { secureStoreContract } from '../support/secure-store-contract.ts';

// @sap/hana-client is a 93 MB native package and an optional peer: run the same contract
// through it only where it is installed.
function isInstalled(name: string): boolean {
  try {
    createRequire(import.meta.url).resolve(name);
    return true;
  } catch {
    return false;
  }
}

if (isInstalled('@sap/hana-client')) {
  describe('wire contract through @sap/hana-client against the fake HANA server', () => {
    secureStoreContract('@sap/hana-client');
  });
} else {
  it.skip('wire contract through @sap/hana-client (skipped: @sap/hana-client is not installed)', () => {});
}
