// Turns a generated test case (a valid request, variations, mutations) into the bytes sent to
// the server, and says what the answer must be: a success for a request left valid, anything
// but a 5xx once mutated.

import type { NewClient } from '../../src/index.ts';
import {
  multipartBody,
  mutateBytes,
  mutateTree,
  toJsonText,
  type UploadPart,
} from './fuzz-bodies.ts';
import type { HeaderValue, Mutation, UploadChange, Variation } from './fuzz-mutations.ts';
import type { Expectation, RequestSpec, SpecBody } from './fuzz-routes.ts';
import { VALUE_MARKER, type WireValue } from './fuzz-values.ts';
import type { RawHeader, RawRequest } from './raw-socket-http.ts';

/** The credentials the generated requests use, fetched once before the run. */
export interface FuzzCredentials {
  readonly country: string;
  readonly environmentId: string;
  /** The records client's access token. */
  readonly token: string;
  /** A token of another environment. */
  readonly otherEnvironmentId: string;
  readonly otherToken: string;
  /** The client the token route is tried with; no records call depends on it. */
  readonly tokenClient: NewClient;
}

/** One generated test case. */
export interface FuzzCase {
  readonly spec: RequestSpec;
  readonly variation: Variation;
  readonly mutations: readonly Mutation[];
}

/** A request to send and what its answer must be. */
export interface BuiltRequest {
  readonly request: RawRequest;
  /** `refusal-or-success`: any 2xx or 4xx. */
  readonly expect: Expectation | 'refusal-or-success';
}

/** A token with its payload altered and the original signature. */
function forge(token: string): string {
  const [scheme, kid, payload, signature] = token.split('.') as [string, string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { x: number };
  const altered = Buffer.from(JSON.stringify({ ...claims, x: claims.x + 86_400 })).toString(
    'base64url',
  );
  return `${scheme}.${kid}.${altered}.${signature}`;
}

function filler(credentials: FuzzCredentials): (text: string) => string {
  const client = credentials.tokenClient;
  const values: { [name: string]: string } = {
    '{token}': credentials.token,
    '{truncated}': credentials.token.slice(0, -1),
    '{forged}': forge(credentials.token),
    '{otherToken}': credentials.otherToken,
    '{env}': credentials.environmentId,
    '{otherEnv}': credentials.otherEnvironmentId,
    '{basic}': Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64'),
    '{client_id}': client.clientId,
    '{client_secret}': client.clientSecret,
    '{country}': credentials.country,
    '{COUNTRY}': credentials.country.toUpperCase(),
  };
  return (text) => text.replace(/\{[a-zA-Z_]+\}/g, (name) => values[name] ?? name);
}

/** The request while it is being built: everything still open to mutation. */
interface Draft {
  method: string;
  path: string;
  keySegment: string | undefined;
  rawKey: readonly number[] | undefined;
  headers: Map<string, HeaderValue>;
  extraHeaders: [string, HeaderValue][];
  json: WireValue | undefined;
  form: [string, string | undefined][] | undefined;
  formText: string | undefined;
  upload:
    | { contentType: string; boundary: string; parts: UploadPart[]; closed: boolean }
    | undefined;
  byteMutations: Mutation[];
  framing: 'length' | 'chunked' | 'none';
}

/** A parameter value as a token, or quoted when it holds more (RFC 9110 §5.6.6). */
function quoted(value: string): string {
  return /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(value) ? value : `"${value}"`;
}

function draftOf(spec: RequestSpec, variation: Variation): Draft {
  const headers = new Map<string, HeaderValue>();
  if (spec.auth === 'bearer') {
    headers.set('authorization', `${variation.bearerSpelling}{token}`);
    headers.set('x-env-id', '{env}');
  }
  if (spec.auth === 'basic') headers.set('authorization', 'Basic {basic}');
  const body: SpecBody | undefined = spec.body;
  if (body !== undefined && 'json' in body && variation.jsonType !== 'none') {
    headers.set('content-type', variation.jsonType);
  }
  if (body !== undefined && 'form' in body)
    headers.set('content-type', 'application/x-www-form-urlencoded');
  const upload =
    body !== undefined && 'multipart' in body
      ? {
          contentType: `multipart/form-data; boundary=${quoted(body.multipart.boundary)}`,
          boundary: body.multipart.boundary,
          parts: [...body.multipart.parts],
          closed: true,
        }
      : undefined;
  if (upload !== undefined) headers.set('content-type', upload.contentType);
  const country = variation.upperCountry ? '{COUNTRY}' : '{country}';
  return {
    method: spec.method,
    path: `${spec.path.replace('{country}', country)}${variation.trailingSlash ? '/' : ''}`,
    keySegment: spec.keySegment,
    rawKey: undefined,
    headers,
    extraHeaders: [],
    json: body !== undefined && 'json' in body ? body.json : undefined,
    form:
      body !== undefined && 'form' in body
        ? body.form.map(([name, value]) => [name, value])
        : undefined,
    formText: undefined,
    upload,
    byteMutations: [],
    framing: body === undefined ? 'none' : variation.framing,
  };
}

function changeUpload(draft: Draft, change: UploadChange): void {
  const upload = draft.upload;
  if (upload === undefined) return;
  if (change.kind === 'boundary') {
    upload.contentType = change.contentType.replace('{boundary}', upload.boundary);
    draft.headers.set('content-type', upload.contentType);
  } else if (change.kind === 'unclosed') upload.closed = false;
  else if (change.kind === 'part')
    upload.parts[0] = { ...(upload.parts[0] as UploadPart), ...change.part };
  else upload.parts = Array.from({ length: change.count }, () => upload.parts[0] as UploadPart);
}

function changeForm(draft: Draft, name: string, value: string | undefined): void {
  const form = draft.form;
  if (form === undefined) return;
  const index = form.findIndex(([field]) => field === name);
  if (index < 0) form.push([name, value]);
  else form[index] = [name, value];
}

function withKey(draft: Draft, value: HeaderValue): void {
  if (draft.keySegment === undefined) return;
  const at = draft.path.indexOf(draft.keySegment);
  if (typeof value === 'string') {
    draft.path = `${draft.path.slice(0, at)}${value}${draft.path.slice(at + draft.keySegment.length)}`;
    draft.keySegment = value;
  } else draft.rawKey = value;
}

function applyMutation(draft: Draft, mutation: Mutation): void {
  switch (mutation.kind) {
    case 'tree':
      if (draft.json !== undefined) draft.json = mutateTree(draft.json, mutation.mutation);
      return;
    case 'header':
      if (mutation.value === undefined) draft.headers.delete(mutation.name);
      else draft.headers.set(mutation.name, mutation.value);
      return;
    case 'extra-header':
      draft.extraHeaders.push([mutation.name, mutation.value]);
      return;
    case 'country':
      draft.path = draft.path.replace(/^(\/v2\/storage\/records\/)[^/]*/, `$1${mutation.value}`);
      return;
    case 'key':
      withKey(draft, mutation.value);
      return;
    case 'suffix':
      draft.path = `${draft.path}${mutation.value}`;
      return;
    case 'path':
      draft.path = mutation.value;
      draft.keySegment = undefined;
      return;
    case 'method':
      draft.method = mutation.value;
      return;
    case 'unframed':
      if (draft.framing !== 'none') draft.framing = 'none';
      return;
    case 'form-field':
      changeForm(draft, mutation.name, mutation.value);
      return;
    case 'form-text':
      draft.formText = mutation.value;
      return;
    case 'upload':
      for (const change of mutation.changes) changeUpload(draft, change);
      return;
    case 'bytes':
      draft.byteMutations.push(mutation);
  }
}

function bodyBytes(
  draft: Draft,
  variation: Variation,
  fill: (text: string) => string,
): Buffer | undefined {
  let body: Buffer | undefined;
  if (draft.json !== undefined)
    body = Buffer.from(toJsonText(draft.json, variation.asciiJson), 'utf8');
  else if (draft.formText !== undefined) body = Buffer.from(fill(draft.formText), 'utf8');
  else if (draft.form !== undefined) {
    const pairs = draft.form.filter((pair): pair is [string, string] => pair[1] !== undefined);
    body = Buffer.from(
      new URLSearchParams(pairs.map(([name, value]) => [name, fill(value)])).toString(),
    );
  } else if (draft.upload !== undefined) {
    body = multipartBody(draft.upload.boundary, draft.upload.parts, draft.upload.closed);
  }
  if (body === undefined) return undefined;
  for (const mutation of draft.byteMutations) {
    if (mutation.kind === 'bytes') body = mutateBytes(body, mutation.mutation, VALUE_MARKER);
  }
  return body;
}

function headerBytes(value: HeaderValue, fill: (text: string) => string): string | Uint8Array {
  return typeof value === 'string' ? Buffer.from(fill(value), 'utf8') : Uint8Array.from(value);
}

function targetOf(draft: Draft, fill: (text: string) => string): string | Uint8Array {
  const path = fill(draft.path);
  if (draft.rawKey === undefined || draft.keySegment === undefined) return path;
  const at = path.indexOf(draft.keySegment);
  const before = Buffer.from(path.slice(0, at), 'latin1');
  const after = Buffer.from(path.slice(at + draft.keySegment.length), 'latin1');
  return Buffer.concat([before, Buffer.from(draft.rawKey), after]);
}

/**
 * Builds the request of a test case.
 *
 * @param credentials The tokens and clients the request may name.
 * @param testCase The valid request, its variations and its mutations.
 * @returns The request and what its answer must be.
 */
export function buildRequest(credentials: FuzzCredentials, testCase: FuzzCase): BuiltRequest {
  const fill = filler(credentials);
  const draft = draftOf(testCase.spec, testCase.variation);
  for (const mutation of testCase.mutations) applyMutation(draft, mutation);
  const headers: RawHeader[] = [
    ...[...draft.headers].map(([name, value]): RawHeader => [name, headerBytes(value, fill)]),
    ...draft.extraHeaders.map(([name, value]): RawHeader => [name, headerBytes(value, fill)]),
  ];
  const body = bodyBytes(draft, testCase.variation, fill);
  return {
    request: {
      method: draft.method,
      target: targetOf(draft, fill),
      headers,
      body,
      framing: draft.framing,
    },
    expect: testCase.mutations.length === 0 ? testCase.spec.expect : 'refusal-or-success',
  };
}
