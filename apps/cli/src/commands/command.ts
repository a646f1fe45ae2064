// What every command is: its flags, its arguments and a `run` that returns the exit code.
import type { Storage } from '@residency/sdk';
import type { FlagSpecs, FlagValues } from '../arguments.ts';
import type { Environment } from '../connection.ts';
import type { ExitCode } from '../exit-codes.ts';
import type { Output } from '../output.ts';

/** What a command gets to run. */
export interface CommandContext {
  /** The arguments after the command's name. */
  readonly positionals: readonly string[];
  /** The parsed flags. */
  readonly values: FlagValues;
  /** Where results and messages go. */
  readonly output: Output;
  /** The environment variables. */
  readonly environment: Environment;
  /** Whether stderr is a terminal (progress bars). */
  readonly stderrIsTTY: boolean;
  /** Creates the storage from the connection flags; only storage commands call it. */
  connect(): Promise<Storage>;
}

/** One `residency` command. */
export interface Command {
  /** The name typed after `residency`. */
  readonly name: string;
  /** The synopsis after the name, for `--help`. */
  readonly usage: string;
  /** One line saying what it does. */
  readonly summary: string;
  /** Its own flags (the global ones are added by `main`). */
  readonly flags: FlagSpecs;
  /** Whether it takes the connection flags. */
  readonly connects: boolean;
  /** How many arguments it takes. */
  readonly arity: { readonly min: number; readonly max: number };
  /**
   * Runs the command.
   *
   * @param context Arguments, flags, output and the connection.
   * @returns The exit code (`OK` unless the result itself is a failure, as an unhealthy API).
   */
  run(context: CommandContext): Promise<ExitCode>;
}
