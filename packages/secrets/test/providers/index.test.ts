import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as node from '../../src/providers/index.ts';

const source = join(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every file reachable from an entry through relative imports. */
function reachable(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(entry, 'utf8');
  for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    reachable(resolve(dirname(entry), match[1] as string), seen);
  }
  return seen;
}

describe('the public surface of @residency/secrets/node', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(node).sort()).toEqual([
      'SecretsTextFormat',
      'secretsFromEnvironment',
      'secretsFromFile',
    ]);
  });
});

describe('the default entry stays browser-safe', () => {
  it('reaches no Node module and no *.node.ts file from src/index.ts', () => {
    const files = [...reachable(join(source, 'index.ts'))];
    expect(files.filter((file) => file.endsWith('.node.ts'))).toEqual([]);
    for (const file of files) {
      expect(readFileSync(file, 'utf8')).not.toMatch(/from 'node:|import\('node:/);
      expect(file).not.toContain(`${join(source, 'hana')}`);
    }
  });
});
