// The first steps of a start that touch the environments: open the control plane (the data
// folder's file, or PostgreSQL, watched for changes) and create the development client when
// there is no environment at all. Whatever fails afterwards closes the control plane again, so
// a failed start leaves no connection open.

import type { ServerConfig } from '../config/server-config.ts';
import { type ControlPlane, openControlPlane } from '../control/open-control-plane.ts';
import type { NewClient } from '../environments/environment-directory.ts';
import { ensureDevelopmentClient } from './development-client.ts';

/**
 * Opens the control plane and makes sure there is an environment.
 * @param config The configuration.
 * @returns The control plane, and the development client when this start created it.
 * @throws {Error} The control plane cannot be opened or written.
 */
export async function openEnvironments(
  config: ServerConfig,
): Promise<{ control: ControlPlane; createdClient: NewClient | undefined }> {
  const control = await openControlPlane(config, { watch: true });
  const createdClient = await ensureDevelopmentClient(control.environments, config.dataDir).catch(
    closingOnError(control),
  );
  return { control, createdClient };
}

/**
 * A rejection handler that closes the control plane, then rethrows.
 * @param control The control plane.
 * @returns The handler.
 */
export function closingOnError(control: ControlPlane): (error: unknown) => Promise<never> {
  return async (error) => {
    await control.close().catch(() => undefined);
    throw error;
  };
}
