import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvWriter, guardFormula, unguardFormula } from '../../src-engine/core/csv-writer.js';
import { HOSTILE } from '../data/hostile.js';

describe('csvWriter', () => {
  it('guards formula-leading text cells with an apostrophe and quotes them', () => {
    const w = csvWriter();
    expect(w.row(['=HYPERLINK("x")'])).toBe(`"'=HYPERLINK(""x"")"\n`);
    expect(w.row(['+cmd|x'])).toBe(`"'+cmd|x"\n`);
    expect(w.row(['@SUM(A1)'])).toBe(`"'@SUM(A1)"\n`);
    expect(w.row(['-2+3'])).toBe(`"'-2+3"\n`);
    expect(w.row(['\tx'])).toBe(`"'\tx"\n`);
    expect(w.row(['\rx'])).toBe(`"'\rx"\n`);
    expect(w.row(['plain', 'a,b', ' padded'])).toBe('plain,"a,b"," padded"\n');
  });

  it('leaves numbers, booleans, and number and date columns as data', () => {
    const w = csvWriter({ kinds: ['number', 'date', 'text', 'text'], eol: '\r\n' });
    expect(w.row(['-1500', '2026-03-15', -7, true])).toBe('-1500,2026-03-15,-7,true\r\n');
    expect(w.row(['-15.25', '2026-03-15', 0, false])).toBe('-15.25,2026-03-15,0,false\r\n');
    expect(w.row([null, undefined, '', null])).toBe(',,,\r\n');
    // Not a plain number or date: guarded even in a data column.
    expect(w.row(['-2+3', '=1', 'x', 'y'])).toBe(`"'-2+3","'=1",x,y\r\n`);
  });

  it('writes several rows, and nothing for none', () => {
    const w = csvWriter();
    expect(
      w.rows([
        ['a', 1],
        ['=b', 2],
      ]),
    ).toBe(`a,1\n"'=b",2\n`);
    expect(w.rows([])).toBe('');
  });

  it('unguardFormula undoes guardFormula exactly, for every string', () => {
    for (const s of [...HOSTILE, '', "'", "''", '=', "'=", 'x', '\t', "'\t", '-', '-1500']) {
      expect(unguardFormula(guardFormula(s))).toBe(s);
    }
    expect(guardFormula("'=x")).toBe("''=x");
    expect(unguardFormula("'plain")).toBe("'plain");
  });

  it('round-trips hostile strings through csv-parse', () => {
    const w = csvWriter();
    const text = w.rows(HOSTILE.map((s) => [s, s]));
    const back = parse(text).map((r) => r.map(unguardFormula));
    expect(back).toEqual(HOSTILE.map((s) => [s, s]));
    // Every cell a spreadsheet would evaluate starts with the apostrophe once parsed.
    for (const r of parse(text)) expect(r[0]).not.toMatch(/^[=+\-@\t\r\uFF1D]/);
  });
});
