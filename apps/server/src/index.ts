// The public surface of @residency/server: the app (in-process), the socket server, the
// configuration loader and the pieces an embedding program or an integration test needs.
// Left out on purpose: the routes, the filter parser, the SSE codec and the store module's
// internals, which may change with the API they implement.

export { createApp } from './app.ts';
export type { AppOptions } from './app-options.ts';
export { DEFAULT_APP_OPTIONS } from './app-options.ts';
export type { ConfigKey, SettingKind } from './config/config-keys.ts';
export { CONFIG_KEYS } from './config/config-keys.ts';
export type { Country } from './config/countries.ts';
export { DEFAULT_COUNTRIES } from './config/countries.ts';
export type { ConfigSources } from './config/load-config.ts';
export { ConfigError, loadServerConfig } from './config/load-config.ts';
export type { ServerConfig } from './config/server-config.ts';
export { DEFAULT_SERVER_CONFIG } from './config/server-config.ts';
export type { ControlPlane, OpenControlPlaneOptions } from './control/open-control-plane.ts';
export { controlPlaneUrl, openControlPlane } from './control/open-control-plane.ts';
export type {
  EnvironmentDirectory,
  EnvironmentSummary,
} from './environments/environment-directory.ts';
export type { Environment, EnvironmentClient } from './environments/environment-file.ts';
export type { AddEnvironmentOptions, NewClient } from './environments/environment-registry.ts';
export { EnvironmentRegistry } from './environments/environment-registry.ts';
export type { AppEnv } from './http/app-env.ts';
export type { ConfiguredKeys, ServerKeys } from './keys/server-keys.ts';
export { loadServerKeys } from './keys/server-keys.ts';
export type { Credentials } from './lifecycle/credentials-file.ts';
export { CREDENTIALS_FILE_NAME } from './lifecycle/credentials-file.ts';
export type { LaunchedServer, LaunchOptions } from './lifecycle/launch-server.ts';
export { launchServer } from './lifecycle/launch-server.ts';
export { openConfiguredStores } from './lifecycle/open-stores.ts';
export type { Logger, RequestLogEntry } from './logger.ts';
export { createSilentLogger, createStderrLogger } from './logger.ts';
export type { LogDestination } from './observability/json-logger.ts';
export { createJsonLogger } from './observability/json-logger.ts';
export type { RunningServer, StartServerOptions, TlsOptions } from './start-server.ts';
export { startServer } from './start-server.ts';
