// The tabwriter port: Go's column blocks, minwidth 6 (padding included), padding 3, unpadded last cell,
// flush on one-cell lines and remembered widths across flushes.
import { describe, expect, it } from 'vitest';
import { TabWriter, tabulate } from '../../../src/output/tabwriter.js';

describe('tabulate', () => {
  it.each([
    ['one column of cells gets its widest cell plus 3', 'NAME\tAGE\nlong-name\t1s\n', 'NAME        AGE\nlong-name   1s\n'],
    ['narrow columns are at least 6 wide', 'A\tB\tC\n1\t2\t3\n', 'A     B     C\n1     2     3\n'],
    ['the last cell is never padded', 'A\tlast\nB\tx\n', 'A     last\nB     x\n'],
    ['an empty last cell leaves the padding of the cell before it', 'A\t\nBB\t\n', 'A     \nBB    \n'],
    ['widths count code points, not bytes or display columns', '日本語\tx\nab\ty\n', '日本語   x\nab    y\n'],
    ['a line with fewer cells ends its column block', 'a\tb\tc\nlonger-cell\td\nx\ty\tz\n', 'a             b     c\nlonger-cell   d\nx             y     z\n'],
    ['text without a trailing newline is kept', 'a\tb', 'a     b'],
    ['vertical tab also ends a cell', 'a\vb\n', 'a     b\n'],
    ['a surrogate pair is one code point, a lone surrogate one too', '😀😀\tx\n\ud800ab\ty\n', '😀😀    x\n\ud800ab   y\n'],
    ['a form feed ends the line and the block', 'long-cell\ta\fb\tc\n', 'long-cell   a\nb           c\n'],
  ])('%s', (_name, input, want) => {
    expect(tabulate(input)).toBe(want);
  });

  it('formats lines before a one-cell line on their own, but remembers their widths', () => {
    // Go flushes at the one-cell line; RememberWidths keeps column 0 at least as wide afterwards.
    expect(tabulate('a-long-cell\t1\nbreak\nb\t2\n')).toBe('a-long-cell   1\nbreak\nb             2\n');
  });

  it('forgets remembered widths when asked (kubectl does so between resource types)', () => {
    const w = new TabWriter();
    w.write('a-long-cell\t1\n');
    w.flush();
    w.resetRememberedWidths();
    w.write('b\t2\n');
    expect(w.take()).toBe('a-long-cell   1\nb     2\n');
  });

  it('joins a cell written in pieces (a watch writes one event at a time)', () => {
    const w = new TabWriter();
    for (const piece of ['NA', 'ME\tA', 'GE\nlong-', 'name\t1', 's\n']) w.write(piece);
    expect(w.take()).toBe('NAME        AGE\nlong-name   1s\n');
  });
});
