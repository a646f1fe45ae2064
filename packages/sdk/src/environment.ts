// Where `createStorage` finds the values of options the caller left out: the seed's
// `INC_ENVIRONMENT_ID`, `INC_CLIENT_ID`, `INC_CLIENT_SECRET` and `INC_ENDPOINT`.

/** Environment variables as `createStorage` reads them: names to values, unset ones absent. */
export type StorageEnvironment = Readonly<Record<string, string | undefined>>;

/** The environment variables `createStorage` reads, by the option each one fills. */
export const ENVIRONMENT_VARIABLES: {
  readonly environmentId: 'INC_ENVIRONMENT_ID';
  readonly clientId: 'INC_CLIENT_ID';
  readonly clientSecret: 'INC_CLIENT_SECRET';
  readonly endpoint: 'INC_ENDPOINT';
} = Object.freeze({
  environmentId: 'INC_ENVIRONMENT_ID',
  clientId: 'INC_CLIENT_ID',
  clientSecret: 'INC_CLIENT_SECRET',
  endpoint: 'INC_ENDPOINT',
});

/** An option that an environment variable can fill. */
export type EnvironmentOption = keyof typeof ENVIRONMENT_VARIABLES;

/**
 * Reads the process environment where there is one (Node, Bun, Deno with `process`), through
 * `globalThis` so that browsers and workers, which have no `process`, get an empty environment
 * instead of a `ReferenceError`. Read at each `createStorage` call, never at import.
 *
 * @returns The environment variables, or an empty object.
 */
export function processEnvironment(): StorageEnvironment {
  const process = (globalThis as { process?: { env?: unknown } }).process;
  const env = process?.env;
  return typeof env === 'object' && env !== null ? (env as StorageEnvironment) : {};
}

/**
 * Looks up the variable that fills an option. An empty value counts as unset, as a shell's
 * `INC_ENDPOINT=` line means "none".
 *
 * @param environment The environment variables.
 * @param option The option to fill.
 * @returns The value, or `undefined` when the variable is unset, empty or not a string.
 */
export function environmentValue(
  environment: StorageEnvironment,
  option: EnvironmentOption,
): string | undefined {
  const value = environment[ENVIRONMENT_VARIABLES[option]];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
