import { StorageConfigValidationError } from '@residency/errors';
import { createHanaClientDriver } from './hana-client-driver.node.ts';
import { createHdbDriver } from './hdb-driver.node.ts';
import type { SecureStoreDriver } from './secure-store-driver.ts';

/** The SAP HANA drivers this package can load. */
export const HanaDriverName = {
  HDB: 'hdb',
  HANA_CLIENT: '@sap/hana-client',
} as const;

/** One of `HanaDriverName`'s values. */
export type HanaDriverName = (typeof HanaDriverName)[keyof typeof HanaDriverName];

/** Which driver to use: a name, or `auto` for hdb when installed, else @sap/hana-client. */
export type HanaDriverChoice = 'auto' | HanaDriverName;

/** Imports a module by name; `import()` in production, a stand-in in tests. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

const FACTORIES: Readonly<Record<HanaDriverName, (module: unknown) => SecureStoreDriver>> = {
  hdb: createHdbDriver,
  '@sap/hana-client': createHanaClientDriver,
};

// hdb first: pure JavaScript, small, and the driver the wire tests run; hana-client is taken
// when it is the one installed.
const AUTO_ORDER: readonly HanaDriverName[] = [HanaDriverName.HDB, HanaDriverName.HANA_CLIENT];

/**
 * Imports a module with a computed specifier, so that bundlers and the dependency checker do
 * not treat the optional drivers as hard dependencies. Nothing is imported until a store
 * first connects.
 *
 * @param specifier The package name.
 * @returns The module namespace.
 */
const importModule: ModuleImporter = (specifier) => import(specifier);

/**
 * Loads a driver lazily with `import()` (fact sheet §7).
 *
 * @param choice A driver name, or `auto`.
 * @param importer How to import; `import()` unless a test replaces it.
 * @returns The driver.
 * @throws {StorageConfigValidationError} When the chosen driver (or, for `auto`, either
 *   driver) is not installed, naming the package to install; or when it is installed but fails
 *   to load (`cause` is the import error).
 */
export async function loadDriver(
  choice: HanaDriverChoice,
  importer: ModuleImporter = importModule,
): Promise<SecureStoreDriver> {
  const names = choice === 'auto' ? AUTO_ORDER : [choice];
  for (const name of names) {
    const module = await tryImport(name, importer);
    if (module !== undefined) return FACTORIES[name](module);
  }
  const hint =
    choice === 'auto'
      ? 'install hdb (pure JavaScript: `pnpm add hdb`) or @sap/hana-client (official, native)'
      : `install ${choice} (\`pnpm add ${choice}\`) or choose another driver`;
  throw new StorageConfigValidationError(`No SAP HANA driver found: ${hint}`);
}

async function tryImport(name: HanaDriverName, importer: ModuleImporter): Promise<unknown> {
  try {
    return await importer(name);
  } catch (error) {
    if (isNotInstalled(error, name)) return undefined;
    throw new StorageConfigValidationError(`The SAP HANA driver ${name} failed to load`, {
      cause: error,
    });
  }
}

function isNotInstalled(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
  // A missing package, not a missing file inside an installed one (that is a broken install).
  return missing && typeof message === 'string' && message.includes(`'${name}'`);
}
