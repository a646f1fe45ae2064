// vitest setup file: registered before the test file's own hooks, this `afterAll` runs after
// them (vitest runs after-hooks in reverse order), and fails the file when a temporary folder
// it made is left behind. It removes the folder too, so a failure leaves nothing either.
import { rmSync } from 'node:fs';
import { afterAll, expect } from 'vitest';
import { tempFoldersLeft } from './temp-folders.ts';

afterAll(() => {
  const left = tempFoldersLeft();
  for (const folder of left) rmSync(folder, { recursive: true, force: true });
  expect(left, 'temporary folders this test file left behind').toEqual([]);
});
