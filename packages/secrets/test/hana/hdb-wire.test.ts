import { describe } from 'vitest';
import { secureStoreContract } from '../support/secure-store-contract.ts';

describe('wire contract through hdb against the fake HANA server', () => {
  secureStoreContract('hdb');
});
