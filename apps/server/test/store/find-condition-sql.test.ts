import { describe, expect, it } from 'vitest';
import { conditionToSql, containsPattern } from '../../src/store/find-condition-sql.ts';
import { SqlParameters } from '../../src/store/sql-parameters.ts';
import type { FindCondition } from '../../src/store/types.ts';

function build(condition: FindCondition): { sql: string; values: unknown[] } {
  const parameters = new SqlParameters();
  return { sql: conditionToSql(condition, parameters), values: parameters.values };
}

describe('conditionToSql', () => {
  it('binds every value as a typed placeholder, never as SQL text', () => {
    const hostile = "x' OR '1'='1";
    const { sql, values } = build({
      kind: 'and',
      conditions: [
        { kind: 'eq', field: 'key1', value: hostile },
        { kind: 'in', field: 'range_key2', values: [1, 2] },
        { kind: 'range', field: 'expires_at', op: '$lt', value: new Date(0) },
        { kind: 'like', field: 'key3', text: hostile },
      ],
    });
    expect(sql).toBe(
      "(key1 = $1::text AND range_key2 = ANY($2::bigint[]) AND expires_at < $3::timestamptz AND key3 LIKE $4 ESCAPE '\\')",
    );
    expect(sql).not.toContain(hostile);
    expect(values).toEqual([hostile, [1, 2], new Date(0), `%${hostile}%`]);
  });

  it('makes $not match NULL fields (IS NOT TRUE)', () => {
    expect(build({ kind: 'not', condition: { kind: 'eq', field: 'key1', value: 'a' } }).sql).toBe(
      '(key1 = $1::text) IS NOT TRUE',
    );
    expect(build({ kind: 'not', condition: { kind: 'null', field: 'key1' } }).sql).toBe(
      '(key1 IS NULL) IS NOT TRUE',
    );
  });

  it('searches key1..key20 with one pattern', () => {
    const { sql, values } = build({ kind: 'search', text: 'abc' });
    expect(sql.match(/LIKE \$1/g)).toHaveLength(20);
    expect(sql).toContain('key20 LIKE $1');
    expect(values).toEqual(['%abc%']);
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });

  it('refuses unknown fields without quoting values', () => {
    expect(() => build({ kind: 'eq', field: 'body', value: 'secret' })).toThrow(
      /"body" is not a filterable field/,
    );
    expect(() => build({ kind: 'null', field: 'constructor' })).toThrow(/not a filterable field/);
    expect(() => build({ kind: 'eq', field: 'key1', value: 5 })).toThrow(
      'find: a value for key1 must be of type text',
    );
    expect(() => build({ kind: 'eq', field: 'range_key1', value: 1.5 })).toThrow(/bigint/);
    expect(() => build({ kind: 'eq', field: 'created_at', value: new Date(Number.NaN) })).toThrow(
      /timestamptz/,
    );
    expect(() => build({ kind: 'in', field: 'key1', values: ['ok', 7] })).toThrow(/text/);
  });
});
