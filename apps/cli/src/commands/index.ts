// Every command of `residency`, in the order `--help` lists them.
import { attachCommand, detachCommand, downloadCommand } from './attachments.ts';
import type { Command } from './command.ts';
import { migrateCommand } from './migrate.ts';
import { deleteCommand, findCommand, healthCommand, readCommand, writeCommand } from './records.ts';
import { createSecretsCommand, type SecretsStoreFactory } from './secrets.ts';
import { createHanaSecretsStore } from './secrets-hana.ts';

/**
 * The commands, with the secrets store the `secrets` command uses.
 *
 * @param createSecretsStore Builds the secrets store; HANA by default.
 * @returns The commands.
 */
export function createCommands(
  createSecretsStore: SecretsStoreFactory = createHanaSecretsStore,
): readonly Command[] {
  return [
    writeCommand,
    readCommand,
    findCommand,
    deleteCommand,
    attachCommand,
    downloadCommand,
    detachCommand,
    migrateCommand,
    healthCommand,
    createSecretsCommand(createSecretsStore),
  ];
}
