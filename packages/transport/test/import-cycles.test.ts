// transport's src must have no import circle, type-only imports included: a circle makes the
// module order matter (a value read before its module ran is undefined) and hides which module
// owns a shape. madge is not a dependency of the repo, so the relative imports are walked here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

// `import … from './x.ts'`, `import type …`, `export … from './x.ts'`, `import './x.ts'` and
// `import('./x.ts')`; bare specifiers (other packages) are not followed.
const IMPORT =
  /(?:\b(?:import|export)\b[^'";]*?\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative imports of each source file, as paths relative to `root`. */
function importGraph(root: string): Map<string, string[]> {
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) =>
    file.endsWith('.ts'),
  );
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((match) =>
      relative(root, resolve(root, dirname(file), match[1] as string)),
    );
    graph.set(file, targets);
  }
  return graph;
}

/** One import circle of the graph, as the files around it (first file repeated), or none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const open = path.indexOf(file);
    if (open !== -1) return [...path.slice(open), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of [...graph.keys()].sort()) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe('import circles', () => {
  it('are found by the walk: a three-file circle and a self-import', () => {
    const circle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts', 'd.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', []],
    ]);
    expect(findCycle(circle)).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    expect(findCycle(new Map([['a.ts', ['a.ts']]]))).toEqual(['a.ts', 'a.ts']);
    expect(
      findCycle(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toBeUndefined();
  });

  it('read every kind of relative import, type-only ones too', () => {
    const graph = importGraph(SRC);
    expect(graph.get('exchange.ts')).toEqual(
      expect.arrayContaining(['exchange-types.ts', 'stream-exchange.ts', 'to-storage-error.ts']),
    );
    expect(graph.get('index.ts')).toEqual(expect.arrayContaining(['transport.ts', 'url.ts']));
    // Every target is a file of src: the walk resolved the specifiers right.
    for (const targets of graph.values()) {
      for (const target of targets) expect(graph.has(target), target).toBe(true);
    }
  });

  it("are absent from transport's src", () => {
    expect(findCycle(importGraph(SRC))).toBeUndefined();
  });
});
