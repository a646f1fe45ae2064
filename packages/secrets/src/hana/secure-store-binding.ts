import { StorageConfigValidationError } from '@residency/errors';
import { type HanaCredentials, parseHanaCredentials } from './hana-credentials.ts';

/** The binding chosen from `VCAP_SERVICES`. */
export interface SelectedBinding {
  /** The service instance's name (`name`), when the entry has one. */
  readonly instanceName: string | undefined;
  /** Its validated credentials. */
  readonly credentials: HanaCredentials;
}

interface Candidate {
  readonly path: string;
  readonly name: string | undefined;
  readonly plan: unknown;
  readonly label: unknown;
  readonly credentials: unknown;
}

const LABEL = 'hana';
const PLAN = 'securestore';

/**
 * Picks the secure-store binding from parsed `VCAP_SERVICES` (fact sheet §6). Entries are
 * matched on `label === "hana"` **and** `plan === "securestore"`; tags are not used, because
 * HDI containers carry the same tags. One match is taken; several need `instanceName`.
 *
 * @param vcapServices The parsed JSON: an object of service arrays.
 * @param instanceName The instance to pick (its `name`), or `undefined` to take the only one.
 * @param origin Where the JSON came from (`VCAP_SERVICES` or a file path), for messages.
 * @returns The chosen binding.
 * @throws {StorageConfigValidationError} When the JSON has the wrong shape, nothing matches,
 *   the named instance is not there, several match without a name, or the credentials are
 *   invalid. Messages name instances and plans, never credentials.
 */
export function selectSecureStoreBinding(
  vcapServices: unknown,
  instanceName: string | undefined,
  origin: string,
): SelectedBinding {
  const hana = candidatesOf(vcapServices, origin).filter((entry) => entry.label === LABEL);
  const matches = hana.filter((entry) => entry.plan === PLAN);
  const chosen = choose(matches, instanceName, origin, hana);
  return {
    instanceName: chosen.name,
    credentials: parseHanaCredentials(chosen.credentials, `${chosen.path}.credentials`),
  };
}

function candidatesOf(vcapServices: unknown, origin: string): Candidate[] {
  if (!isRecord(vcapServices)) {
    throw new StorageConfigValidationError(
      `Invalid ${origin}: must be a JSON object of service arrays`,
    );
  }
  const candidates: Candidate[] = [];
  for (const [group, entries] of Object.entries(vcapServices)) {
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry: unknown, index) => {
      if (!isRecord(entry)) return;
      candidates.push({
        path: `VCAP_SERVICES.${group}[${index}]`,
        name: typeof entry.name === 'string' ? entry.name : undefined,
        plan: entry.plan,
        label: entry.label,
        credentials: entry.credentials,
      });
    });
  }
  return candidates;
}

function choose(
  matches: readonly Candidate[],
  instanceName: string | undefined,
  origin: string,
  hana: readonly Candidate[],
): Candidate {
  if (instanceName !== undefined) {
    const named = matches.find((entry) => entry.name === instanceName);
    if (named !== undefined) return named;
    throw new StorageConfigValidationError(
      `No ${PLAN} binding named ${JSON.stringify(instanceName)} in ${origin}` +
        `${available(matches)}`,
    );
  }
  if (matches.length === 1) return matches[0] as Candidate;
  if (matches.length === 0) {
    const plans = [...new Set(hana.map((entry) => String(entry.plan)))];
    const other = plans.length === 0 ? '' : ` (hana plans bound: ${plans.join(', ')})`;
    throw new StorageConfigValidationError(
      `No service with label "${LABEL}" and plan "${PLAN}" in ${origin}${other}: ` +
        `create one with \`cf create-service hana ${PLAN} <name>\` and bind it`,
    );
  }
  throw new StorageConfigValidationError(
    `${matches.length} ${PLAN} bindings in ${origin}${available(matches)}: ` +
      'pass instanceName to choose one',
  );
}

function available(matches: readonly Candidate[]): string {
  const names = matches.map((entry) => JSON.stringify(entry.name ?? null));
  return names.length === 0 ? ' (none bound)' : ` (bound: ${names.join(', ')})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
