import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  AttachmentMetaSchema,
  AttachmentMetaUpdateRequestSchema,
  BatchDeleteRequestSchema,
  CountriesResponseSchema,
  ErrorBodySchema,
  TokenResponseSchema,
} from '../src/index.ts';
import { issuesOf } from './support/issues-of.ts';
import { ATTACHMENT, HASH } from './support/wire-samples.ts';

describe('AttachmentMetaSchema', () => {
  it('accepts the meta object in both date forms', () => {
    expect(v.parse(AttachmentMetaSchema, ATTACHMENT)).toEqual(ATTACHMENT);
  });

  it.each([
    [{ ...ATTACHMENT, file_id: '' }, 'file_id must be a non-empty string'],
    [{ ...ATTACHMENT, size: 1.5 }, 'size must be an integer ≥ 0'],
    [{ ...ATTACHMENT, created_at: 'today' }, 'created_at must be an ISO-8601 date-time'],
    [{ ...ATTACHMENT, download_link: undefined }, 'download_link must be a string'],
    [Object.fromEntries(Object.entries(ATTACHMENT).slice(0, -1)), 'download_link is required'],
  ])('refuses %#', (meta, message) => {
    expect(issuesOf(AttachmentMetaSchema, meta)).toContain(message);
  });
});

describe('AttachmentMetaUpdateRequestSchema', () => {
  it.each([
    [{ filename: 'a.txt' }],
    [{ mime_type: 'text/plain' }],
    [{ filename: 'b', mime_type: 'c/d' }],
    // The platform stores any text (the official Node SDK's suite sets '123').
    [{ mime_type: '123' }],
  ])('accepts %j', (body) => {
    expect(v.parse(AttachmentMetaUpdateRequestSchema, body)).toEqual(body);
  });

  it.each([
    [{}, 'body must name at least one of filename and mime_type'],
    [{ filename: '' }, 'filename must be a non-empty string'],
    [{ mime_type: 5 }, 'mime_type must be a non-empty string'],
    [
      { mime_type: 'text/plain\r\nX-Forged: 1' },
      'mime_type must be at most 255 characters without control characters',
    ],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(AttachmentMetaUpdateRequestSchema, body)).toContain(message);
  });
});

describe('BatchDeleteRequestSchema', () => {
  it('accepts one or more keys', () => {
    const body = { filter: { record_key: [HASH, 'b'.repeat(64)] } };
    expect(v.parse(BatchDeleteRequestSchema, body)).toEqual(body);
  });

  it.each([
    [{ filter: { record_key: [] } }, 'filter.record_key must be a non-empty array'],
    [
      { filter: { record_key: [''] } },
      'filter.record_key.0 must be a non-empty array of non-empty strings',
    ],
    [{ filter: { record_key: HASH } }, 'filter.record_key must be a non-empty array'],
    [{ filter: {} }, 'filter.record_key is required'],
    [{}, 'filter is required'],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(BatchDeleteRequestSchema, body)).toContain(message);
  });
});

describe('CountriesResponseSchema', () => {
  it('reads the list our server sends, id and region lower-cased, direct false when absent', () => {
    const body = {
      countries: [
        { id: 'US', name: 'United States', direct: true, region: 'AMER' },
        { id: 'ag', name: null, direct: false, region: 'emea' },
        { id: 'RU', region: 'EMEA' },
      ],
    };
    expect(v.parse(CountriesResponseSchema, body)).toEqual({
      countries: [
        { id: 'us', name: 'United States', direct: true, region: 'amer' },
        { id: 'ag', name: null, direct: false, region: 'emea' },
        { id: 'ru', direct: false, region: 'emea' },
      ],
    });
  });

  it.each([
    [
      { countries: [{ id: 'USA', region: 'AMER' }] },
      'countries.0.id must be a two-letter country code',
    ],
    [{ countries: [{ name: 'x', region: 'AMER' }] }, 'countries.0.id is required'],
    [{ countries: [{ id: 'US' }] }, 'countries.0.region is required'],
    [
      { countries: [{ id: 'US', region: 'AMER', direct: 'yes' }] },
      'countries.0.direct must be a boolean',
    ],
    [
      { countries: [{ id: 'US', region: 'AMER', direct: null }] },
      'countries.0.direct must be a boolean',
    ],
    [{}, 'countries is required'],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(CountriesResponseSchema, body)).toContain(message);
  });
});

describe('TokenResponseSchema', () => {
  it('accepts the full and the minimal answer', () => {
    const full = { access_token: 't', expires_in: 300, token_type: 'bearer', scope: '' };
    expect(v.parse(TokenResponseSchema, full)).toEqual(full);
    expect(v.parse(TokenResponseSchema, { access_token: 't', expires_in: 0.5 })).toEqual({
      access_token: 't',
      expires_in: 0.5,
    });
  });

  it.each([
    [{ expires_in: 1 }, 'access_token is required'],
    [{ access_token: '', expires_in: 1 }, 'access_token must be a non-empty string'],
    [{ access_token: 't', expires_in: '300' }, 'expires_in must be a number of seconds'],
    [{ access_token: 't', expires_in: -1 }, 'expires_in must be a number of seconds'],
    [{ access_token: 't', expires_in: 1, token_type: 1 }, 'token_type must be a string'],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(TokenResponseSchema, body)).toContain(message);
  });
});

describe('ErrorBodySchema', () => {
  it('accepts errors with and without source and detail', () => {
    const body = {
      errors: [{ title: 'Not Found', source: '/x', detail: 'none' }, { title: 'Bad' }],
    };
    expect(v.parse(ErrorBodySchema, body)).toEqual(body);
  });

  it.each([
    [{ errors: [{}] }, 'errors.0.title is required'],
    [{ errors: [{ title: 'x', detail: 5 }] }, 'errors.0.detail must be a string'],
    [{ error: 'invalid_client' }, 'errors is required'],
  ])('refuses %j', (body, message) => {
    expect(issuesOf(ErrorBodySchema, body)).toContain(message);
  });
});
