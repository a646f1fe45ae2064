// The rules every environment directory applies the same way: id checks, new clients, which
// client a rotation means, constant-time authentication and the secret-free summary.

import { randomBytes } from 'node:crypto';
import {
  clientSecretMatches,
  generateClientSecret,
  hashClientSecret,
} from '../auth/client-secret.ts';
import type { EnvironmentSummary } from './environment-directory.ts';
import {
  ENVIRONMENT_ID_PATTERN,
  type Environment,
  type EnvironmentClient,
} from './environment-file.ts';

// A hash no secret produces, compared against when the client is unknown so that the answer
// takes as long as for a known client with a wrong secret.
const UNKNOWN_CLIENT_HASH = '0'.repeat(64);

/**
 * Checks an environment id.
 * @param id The id.
 * @throws {Error} It is malformed.
 */
export function checkEnvironmentId(id: string): void {
  if (!ENVIRONMENT_ID_PATTERN.test(id)) {
    throw new Error('environment id must be 1 to 64 letters, digits, ".", "_" or "-"');
  }
}

/**
 * Makes a client for an environment: a fresh id and secret, generation 0.
 * @param environmentId The environment id.
 * @returns The client as stored and its clear secret.
 */
export function newClientOf(environmentId: string): {
  client: EnvironmentClient;
  clientSecret: string;
} {
  const clientSecret = generateClientSecret();
  const client = {
    id: `${environmentId.slice(0, 40)}-${randomBytes(8).toString('hex')}`,
    secretHash: hashClientSecret(clientSecret),
    createdAt: new Date().toISOString(),
    generation: 0,
  };
  return { client, clientSecret };
}

/**
 * Picks the client a rotation means.
 * @param environment The environment.
 * @param clientId The client named, if any.
 * @returns The client.
 * @throws {Error} No such client, no client, or several and none named.
 */
export function pickClient(
  environment: Environment,
  clientId: string | undefined,
): EnvironmentClient {
  if (clientId === undefined) {
    const [only, ...others] = environment.clients;
    if (only === undefined) throw new Error(`environment ${environment.id} has no client`);
    if (others.length > 0) {
      throw new Error(`environment ${environment.id} has several clients: name one with --client`);
    }
    return only;
  }
  const client = environment.clients.find(({ id }) => id === clientId);
  if (client === undefined) {
    throw new Error(`environment ${environment.id} has no client ${clientId}`);
  }
  return client;
}

/**
 * Finds the environment of a client whose secret matches, in constant time.
 * @param environments The environments.
 * @param clientId The client id presented.
 * @param clientSecret The secret presented.
 * @returns The environment, or `undefined` (unknown client and wrong secret take the same time).
 */
export function authenticateIn(
  environments: readonly Environment[],
  clientId: string,
  clientSecret: string,
): Environment | undefined {
  for (const environment of environments) {
    const client = environment.clients.find((candidate) => candidate.id === clientId);
    if (client !== undefined) {
      return clientSecretMatches(clientSecret, client.secretHash) ? environment : undefined;
    }
  }
  clientSecretMatches(clientSecret, UNKNOWN_CLIENT_HASH);
  return undefined;
}

/**
 * Summarises environments without secret hashes.
 * @param environments The environments.
 * @returns One summary each.
 */
export function summariesOf(environments: readonly Environment[]): EnvironmentSummary[] {
  return environments.map((environment) => ({
    environmentId: environment.id,
    plainSearchKeys: environment.plainSearchKeys,
    createdAt: environment.createdAt,
    clients: environment.clients.map(({ id, createdAt }) => ({ clientId: id, createdAt })),
  }));
}
