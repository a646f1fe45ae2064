import { StorageConfigValidationError, StorageNetworkError } from '@residency/errors';
import { describe, expect, it } from 'vitest';
import { HanaSecureStore } from '../../src/hana/index.ts';
import { loadDriver, type ModuleImporter } from '../../src/hana/load-driver.ts';
import { CREDENTIALS, rejection } from '../support/stores.ts';

function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

/** An importer offering only the given modules. */
function importerOf(modules: Record<string, unknown>): ModuleImporter & { asked: string[] } {
  const asked: string[] = [];
  const importer = async (specifier: string) => {
    asked.push(specifier);
    if (specifier in modules) return modules[specifier];
    throw notFound(specifier);
  };
  return Object.assign(importer, { asked });
}

const fakeHdb = { createClient: () => ({}) };
const fakeHanaClient = { default: { createConnection: () => ({}) } };

describe('loadDriver', () => {
  it('prefers hdb in auto mode', async () => {
    const importer = importerOf({ hdb: fakeHdb, '@sap/hana-client': fakeHanaClient });
    expect((await loadDriver('auto', importer)).name).toBe('hdb');
    expect(importer.asked).toEqual(['hdb']);
  });

  it('falls back to @sap/hana-client (a CommonJS default export) when hdb is absent', async () => {
    const importer = importerOf({ '@sap/hana-client': fakeHanaClient });
    expect((await loadDriver('auto', importer)).name).toBe('@sap/hana-client');
    expect(importer.asked).toEqual(['hdb', '@sap/hana-client']);
  });

  it('names both packages when neither is installed', async () => {
    const error = await rejection(loadDriver('auto', importerOf({})));
    expect(error).toBeInstanceOf(StorageConfigValidationError);
    expect(error.message).toBe(
      'No SAP HANA driver found: install hdb (pure JavaScript: `pnpm add hdb`) or ' +
        '@sap/hana-client (official, native)',
    );
  });

  it('names the chosen package when it is absent', async () => {
    const error = await rejection(loadDriver('@sap/hana-client', importerOf({ hdb: fakeHdb })));
    expect(error.message).toBe(
      'No SAP HANA driver found: install @sap/hana-client (`pnpm add @sap/hana-client`) or ' +
        'choose another driver',
    );
  });

  it('reports an installed driver that fails to load, with the cause', async () => {
    const broken = Object.assign(new Error('libSQLDBCHDB.so: cannot open shared object'), {
      code: 'ERR_DLOPEN_FAILED',
    });
    const error = await rejection(
      loadDriver('@sap/hana-client', async () => {
        throw broken;
      }),
    );
    expect(error.message).toBe('The SAP HANA driver @sap/hana-client failed to load');
    expect(error.cause).toBe(broken);
  });

  it('treats a missing file inside an installed package as a broken install', async () => {
    const inner = Object.assign(new Error("Cannot find module '/x/hdb/lib/protocol'"), {
      code: 'MODULE_NOT_FOUND',
    });
    const error = await rejection(
      loadDriver('hdb', async () => {
        throw inner;
      }),
    );
    expect(error.message).toBe('The SAP HANA driver hdb failed to load');
  });

  it('refuses a module without the expected factory', async () => {
    await expect(loadDriver('hdb', importerOf({ hdb: {} }))).rejects.toThrow(TypeError);
  });

  it('imports the real hdb (a devDependency here)', async () => {
    expect((await loadDriver('hdb')).name).toBe('hdb');
    expect((await loadDriver('auto')).name).toBe('hdb');
  });

  it('imports the real @sap/hana-client (a devDependency here, with its native library)', async () => {
    expect((await loadDriver('@sap/hana-client')).name).toBe('@sap/hana-client');
  });

  it('loads the driver at the first connection and maps a refused connection', async () => {
    const store = new HanaSecureStore({
      credentials: { ...CREDENTIALS, host: '127.0.0.1', port: 1 },
      driver: '@sap/hana-client',
    });
    expect(store.target.driver).toBe('@sap/hana-client');
    const error = await rejection(store.get('k'));
    expect(error).toBeInstanceOf(StorageNetworkError);
    expect(error.message).not.toContain(CREDENTIALS.password);
  });
});
