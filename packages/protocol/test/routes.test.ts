import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_META_PATH,
  ATTACHMENTS_PATH,
  BATCH_DELETE_PATH,
  BATCH_WRITE_PATH,
  COUNTRIES_PATH,
  FIND_PATH,
  HEALTHCHECK_PATH,
  RECORDS_PREFIX,
  TOKEN_PATH,
} from '../src/index.ts';

describe('routes', () => {
  it('are the paths of protocol.md §1.1 and §4, as the SDKs and the platform spell them', () => {
    const us = `${RECORDS_PREFIX}/us`;
    expect(`${us}${FIND_PATH}`).toBe('/v2/storage/records/us/find');
    expect(`${us}${BATCH_WRITE_PATH}`).toBe('/v2/storage/records/us/batchWrite');
    expect(`${us}${BATCH_DELETE_PATH}`).toBe('/v2/storage/records/us/batchDelete');
    expect(`${us}/rk${ATTACHMENTS_PATH}/f-1${ATTACHMENT_META_PATH}`).toBe(
      '/v2/storage/records/us/rk/attachments/f-1/meta',
    );
    expect([HEALTHCHECK_PATH, TOKEN_PATH, COUNTRIES_PATH]).toEqual([
      '/healthcheck',
      '/oauth2/token',
      '/countries',
    ]);
  });
});
