// Shared constants and builders of the transport tests; each test file still owns its server.
import {
  createRecordingHandler,
  type RecordedMethod,
  type RecordingHandler,
  type RecordingResolver,
} from '@residency/testing';
import * as v from 'valibot';
import type { Logger, TransportOptions } from '../src/index.ts';

/** The PoP of a mid-POP country with the default mask. */
export const popHost = (country: string): string => `https://${country}-mt-01.api.incountry.io`;

/** Options every test starts from: OAuth client credentials. */
export const BASE_OPTIONS: TransportOptions = {
  environmentId: 'env-1',
  clientId: 'client-id',
  clientSecret: 'client-secret',
};

/** A trivial response body and its schema. */
export const OkSchema: v.ObjectSchema<{ readonly ok: v.BooleanSchema<undefined> }, undefined> =
  v.object({ ok: v.boolean() });

/**
 * A recording PoP handler under the records prefix.
 *
 * @param method The method.
 * @param country The country of the prefix (and host).
 * @param path The path after the prefix, e.g. `/find`.
 * @param resolver The answer; `{ ok: true }` by default.
 * @returns The handler and its calls.
 */
export function popHandler(
  method: RecordedMethod,
  country: string,
  path: string,
  resolver: RecordingResolver = () => Response.json({ ok: true }),
): RecordingHandler {
  return createRecordingHandler(
    method,
    `${popHost(country)}/v2/storage/records/${country}${path}`,
    resolver,
  );
}

/** A promise that never settles: a server that never answers. */
export const hang = (): Promise<Response> => new Promise<Response>(() => undefined);

/** A logger that keeps every call, for assertions. */
export function recordingLogger(): Logger & { lines: { level: string; args: unknown[] }[] } {
  const lines: { level: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push({ level, args });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
