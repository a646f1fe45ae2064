// `secrets put|rotate|show-versions|delete`: manages the encryption secrets kept in a secrets
// store (the SAP HANA Secure Store in production). The store comes from a factory, so these
// commands are tested with a fake and the HANA wiring stays in `secrets-hana.ts`.
// `show-versions` prints versions and flags only: a store answer never carries a value here.
import type { SecretKeyAccessorValue } from '@residency/sdk';
import { booleanFlag, stringFlag } from '../arguments.ts';
import { readEncryptionSecrets } from '../connection.ts';
import { CliError, ExitCode, exitCodeOf, messageOf } from '../exit-codes.ts';
import type { Command, CommandContext } from './command.ts';

/** One stored version, described without its secret. */
export interface SecretVersionDescription {
  readonly version: number;
  readonly isKey: boolean;
  readonly isForCustomEncryption: boolean;
  readonly isCurrent: boolean;
}

/** Every stored version, without values. */
export interface SecretVersionsDescription {
  readonly currentVersion: number;
  readonly versions: readonly SecretVersionDescription[];
}

/** What the commands need of a secrets provider (`HanaSecretsProvider` has this shape). */
export interface SecretsStore {
  put(
    data: SecretKeyAccessorValue,
    options?: { readonly allowSecretChange?: boolean | undefined },
  ): Promise<SecretVersionsDescription>;
  rotate(options?: {
    readonly secret?: string | undefined;
    readonly isKey?: boolean | undefined;
    readonly isForCustomEncryption?: boolean | undefined;
  }): Promise<SecretVersionDescription>;
  listVersions(): Promise<SecretVersionsDescription | null>;
  delete(): Promise<void>;
}

/** Where the secrets are kept: flags, and the environment for the VCAP_SERVICES binding. */
export interface SecretsStoreSettings {
  /** The key of the secrets data in the store (`--key`); the provider's default otherwise. */
  readonly key: string | undefined;
  /** The bound service instance to use (`--instance`), when several are bound. */
  readonly instanceName: string | undefined;
  /** The Secure Store name (`--store-name`). */
  readonly storeName: string | undefined;
  /** The environment variables (VCAP_SERVICES, or a default-env.json file nearby). */
  readonly environment: { readonly [name: string]: string | undefined };
}

/** Creates the store from the settings. */
export type SecretsStoreFactory = (settings: SecretsStoreSettings) => Promise<SecretsStore>;

const ACTIONS = ['put', 'rotate', 'show-versions', 'delete'] as const;

/** Plain text of a version list: one line per version, flags only. */
function versionsText(list: SecretVersionsDescription): string {
  const lines = list.versions.map(
    (item) =>
      `v${item.version}${item.isCurrent ? ' current' : ''}${item.isKey ? ' key' : ' password'}${item.isForCustomEncryption ? ' custom-encryption' : ''}`,
  );
  return [`current version: ${list.currentVersion}`, ...lines].join('\n');
}

async function rotateSecret(context: CommandContext): Promise<string | undefined> {
  const file = stringFlag(context.values, 'secret-file');
  if (file === undefined) return undefined;
  const secret = await readEncryptionSecrets({ 'secret-file': file }, {});
  if (typeof secret !== 'string') {
    throw new CliError('secrets rotate takes one plain secret in --secret-file, not secrets data');
  }
  return secret;
}

async function runAction(context: CommandContext, store: SecretsStore): Promise<void> {
  const { positionals, values, output, environment } = context;
  const action = positionals[0];
  if (action === 'show-versions') {
    const list = await store.listVersions();
    if (list === null)
      throw new CliError('no secrets are stored under this key', ExitCode.CONFIGURATION);
    output.result(list, versionsText(list));
  } else if (action === 'put') {
    const data = await readEncryptionSecrets(values, environment);
    if (data === undefined) {
      throw new CliError('secrets put needs --secret-file FILE, INC_SECRETS_DATA or INC_SECRET');
    }
    const list = await store.put(data, {
      allowSecretChange: booleanFlag(values, 'allow-secret-change'),
    });
    output.result(list, versionsText(list));
  } else if (action === 'rotate') {
    const secret = await rotateSecret(context);
    const isKey = booleanFlag(values, 'is-key') ? true : undefined;
    const isForCustomEncryption = booleanFlag(values, 'for-custom-encryption') ? true : undefined;
    const added = await store.rotate({ secret, isKey, isForCustomEncryption });
    output.result(added, `version ${added.version} added and made current`);
  } else {
    if (!booleanFlag(values, 'yes')) {
      throw new CliError('secrets delete removes every version for good: add --yes to confirm');
    }
    await store.delete();
    output.result({ success: true }, 'secrets deleted');
  }
}

/**
 * Creates the `secrets` command on a store factory.
 *
 * @param createStore Builds the store (HANA in production, a fake in tests).
 * @returns The command.
 */
export function createSecretsCommand(createStore: SecretsStoreFactory): Command {
  return {
    name: 'secrets',
    usage:
      'put|rotate|show-versions|delete [--key NAME] [--instance NAME] [--store-name NAME] [--secret-file FILE] [--allow-secret-change] [--is-key] [--for-custom-encryption] [--yes]',
    summary: 'manage encryption secrets in the SAP HANA Secure Store (binding from VCAP_SERVICES)',
    flags: {
      key: { type: 'string' },
      instance: { type: 'string' },
      'store-name': { type: 'string' },
      'secret-file': { type: 'string' },
      'allow-secret-change': { type: 'boolean' },
      'is-key': { type: 'boolean' },
      'for-custom-encryption': { type: 'boolean' },
      yes: { type: 'boolean' },
    },
    connects: false,
    arity: { min: 1, max: 1 },
    async run(context) {
      if (!(ACTIONS as readonly string[]).includes(context.positionals[0] ?? '')) {
        throw new CliError(`secrets needs one of: ${ACTIONS.join(', ')}`);
      }
      const { values, environment } = context;
      try {
        const store = await createStore({
          key: stringFlag(values, 'key'),
          instanceName: stringFlag(values, 'instance'),
          storeName: stringFlag(values, 'store-name'),
          environment,
        });
        await runAction(context, store);
      } catch (error) {
        // A secrets store failure is a configuration problem (exit 3) unless it is plainly
        // the caller's input or the network; the message is the SDK's, which quotes no value.
        const code = exitCodeOf(error);
        if (error instanceof CliError || code === ExitCode.USAGE || code === ExitCode.NETWORK)
          throw error;
        throw new CliError(messageOf(error), ExitCode.CONFIGURATION);
      }
      return ExitCode.OK;
    },
  };
}
