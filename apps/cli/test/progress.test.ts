// The progress display, with an injected clock: no real time is measured.
import { describe, expect, it } from 'vitest';
import { createProgressReporter, formatDuration, renderBar } from '../src/progress.ts';

const progress = { migrated: 40, failed: 0, skipped: 10, conflicts: 0, totalLeft: 50 };

describe('progress', () => {
  it('renders a bar with the rate and the ETA', () => {
    expect(renderBar(progress, 10_000)).toBe(
      `[${'#'.repeat(15)}${'-'.repeat(15)}]  50% 50/100 5.0 rec/s ETA 10s (0 failed)`,
    );
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(7620)).toBe('2h07m');
  });

  it('redraws one line on a terminal and writes plain lines elsewhere', () => {
    const written: string[] = [];
    let clock = 0;
    const tty = createProgressReporter({
      write: (text) => written.push(text),
      isTTY: true,
      now: () => clock,
    });
    clock = 10_000;
    tty.update(progress);
    tty.finish();
    tty.finish();
    expect(written[0]).toMatch(/^\r\[#+-+\] .*ETA 10s/);
    expect(written.slice(1)).toEqual(['\n']);

    const lines: string[] = [];
    const plain = createProgressReporter({ write: (text) => lines.push(text), isTTY: false });
    plain.update(progress);
    expect(lines).toEqual(['migrate: 40 migrated, 0 failed, 10 skipped, 50 left\n']);
  });
});
