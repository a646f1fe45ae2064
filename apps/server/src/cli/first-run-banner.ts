// What the server prints on stdout (never in its log) the first time it starts in a data folder:
// the development client and the exact SDK options to reach this server.

import type { Credentials } from '../lifecycle/credentials-file.ts';

/**
 * Builds the first-run banner.
 *
 * @param credentials The development client's credentials.
 * @param path Where `credentials.json` was written.
 * @returns Lines for stdout.
 */
export function firstRunBanner(credentials: Credentials, path: string): string {
  const { environmentId, clientId, clientSecret, endpoint, authEndpoint, countriesEndpoint } =
    credentials;
  const authEndpoints = { default: authEndpoint };
  const facade = {
    environmentId,
    clientId,
    clientSecret,
    endpoint,
    options: { authEndpoints, countriesEndpoint },
  };
  const node = {
    environmentId,
    endpoint,
    oauth: { clientId, clientSecret, authEndpoints },
    countriesEndpoint,
  };
  return [
    `Created environment "${environmentId}" with a development client (saved in ${path}).`,
    '@residency/sdk createStorage options:',
    `  ${JSON.stringify(facade)}`,
    'InCountry Node SDK createStorage options:',
    `  ${JSON.stringify(node)}`,
    'InCountry Python SDK:',
    `  Storage(environment_id="${environmentId}", client_id="${clientId}", client_secret="${clientSecret}",`,
    `          endpoint="${endpoint}", options={"auth_endpoints": {"default": "${authEndpoint}"},`,
    `          "countries_endpoint": "${countriesEndpoint}"}, ...)`,
    '',
  ].join('\n');
}
