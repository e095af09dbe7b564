/** The statement parsers, from files written to disk by the test: every format, and the malformed ones. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src-engine/data/import/amounts.js';
import { compileDateFormat } from '../../src-engine/data/import/dates.js';
import { detectFormat } from '../../src-engine/data/import/detect.js';
import { validateMapping, categorize } from '../../src-engine/data/import/mapping.js';
import { parseStatement, type ParseOptions } from '../../src-engine/data/import/parse.js';
import { bankCsv, BANK_CSV_MAPPING, camt053, ofxSgml, ofxXml, qif, type SampleTxn } from '../../src-engine/data/import/write-statements.js';

const dir = mkdtempSync(join(tmpdir(), 'kira-formats-'));
let n = 0;
/** Write the text (or bytes) to a file and read it back, as an import would. */
function file(content: string | Buffer): Buffer {
  const path = join(dir, `f${++n}`);
  writeFileSync(path, content);
  return readFileSync(path);
}
const base: ParseOptions = { format: 'auto', digits: 2, timeZone: 'Asia/Kuala_Lumpur' };
const parse = (content: string | Buffer, opts: Partial<ParseOptions> = {}) => parseStatement(file(content), { ...base, ...opts });
function refused(fn: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected the file to be refused');
}

const TXNS: SampleTxn[] = [
  { date: '2026-10-01', amount: -12_345, payee: 'GRAB RIDES', memo: 'Trip to KLIA', id: 'T001' },
  { date: '2026-10-03', amount: 250_000, payee: 'Acme & Sons Sdn Bhd', memo: 'INV-2026-0001', id: 'T002' },
  { date: '2026-10-13', amount: -1, payee: 'BANK', memo: 'Fee', id: 'T003' },
  { date: '2026-10-31', amount: -123_456_78, payee: 'TNB', memo: 'Electricity Oct', id: 'T004' },
];
const total = (xs: { amount: number }[]) => xs.reduce((s, t) => s + t.amount, 0);

describe('amounts', () => {
  const us = { decimal: '.' as const, thousands: ',' as const };
  const eu = { decimal: ',' as const, thousands: '.' as const };
  it.each([
    ['1,234.56', us, 123_456],
    ['(1,234.56)', us, -123_456],
    ['1,234.56-', us, -123_456],
    ['RM 1,234.56', us, 123_456],
    ['-RM12.00', us, -1200],
    ['MYR -5', us, -500],
    ['$0.01', us, 1],
    ['1.234,56', eu, 123_456],
    ['(1.234,56)', eu, -123_456],
    ['12', us, 1200],
    ['+3.5', us, 350],
  ])('%s → %d sen', (text, fmt, want) => expect(parseAmount(text, fmt, 2)).toEqual({ ok: true, value: want }));
  it.each([
    ['12.345', 'more than 2 decimal places'],
    ['1,23.00', 'misplaced'],
    ['abc', 'not an amount'],
    ['', 'empty'],
  ])('%s is refused', (text, why) => {
    const r = parseAmount(text, us, 2);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(why);
  });
});

describe('dates', () => {
  it('reads the named formats and refuses impossible dates', () => {
    expect(compileDateFormat('DD/MM/YYYY')('05/11/2026')).toEqual({ ok: true, value: '2026-11-05' });
    expect(compileDateFormat('M/D/YY')('11/5/26')).toEqual({ ok: true, value: '2026-11-05' });
    expect(compileDateFormat('D MMM YYYY')('5 Nov 2026')).toEqual({ ok: true, value: '2026-11-05' });
    expect(compileDateFormat('DD/MM/YYYY')('31/02/2026').ok).toBe(false);
    expect(compileDateFormat('DD/MM/YYYY')('2026-02-01').ok).toBe(false);
    expect(() => compileDateFormat('DD/MM')).toThrow(/needs one year/);
  });
});

describe('detection', () => {
  it('tells the formats apart', () => {
    expect(detectFormat(ofxSgml(TXNS)).format).toBe('ofx');
    expect(detectFormat(ofxXml(TXNS)).format).toBe('ofx');
    expect(detectFormat(qif(TXNS)).format).toBe('qif');
    expect(detectFormat(camt053(TXNS)).format).toBe('camt');
    expect(detectFormat(bankCsv(TXNS)).format).toBe('csv');
    expect(detectFormat('date,category,description,amount,reimbursable,client\n')).toEqual({ format: 'kira-csv', kind: 'expenses' });
  });
});

describe('every format gives the same transactions, to the sen', () => {
  const mapping = validateMapping(BANK_CSV_MAPPING, 'expenses');
  it.each([
    ['OFX 1.x SGML', () => parse(ofxSgml(TXNS))],
    ['OFX 2.x XML', () => parse(ofxXml(TXNS))],
    ['QFX', () => parse(ofxSgml(TXNS).replace('</SONRS>', '<INTU.BID>3000</SONRS>'))],
    ['QIF', () => parse(qif(TXNS))],
    ['CAMT.053', () => parse(camt053(TXNS))],
    ['mapped CSV', () => parse(bankCsv(TXNS), { mapping })],
  ])('%s', (_name, run) => {
    const s = run();
    expect(s.errors).toEqual([]);
    expect(s.txns.map((t) => [t.date, t.amount])).toEqual(TXNS.map((t) => [t.date, t.amount]));
    expect(total(s.txns)).toBe(total(TXNS));
    if (s.format === 'ofx' || s.format === 'camt') expect(s.txns.map((t) => t.bankId)).toEqual(['T001', 'T002', 'T003', 'T004']);
    else expect(s.txns.every((t) => t.bankId === null)).toBe(true);
  });

  it('OFX: entities, the account, payee, memo and the line of each STMTTRN', () => {
    const s = parse(ofxSgml(TXNS));
    expect(s.account).toBe('MBBEMYKL/1234567890');
    expect(s.currency).toBe('MYR');
    expect(s.txns[1]!.payee).toBe('Acme & Sons Sdn Bhd');
    const lines = ofxSgml(TXNS).split('\n');
    expect(s.txns.map((t) => lines[t.line - 1]!.trim())).toEqual(['<STMTTRN>', '<STMTTRN>', '<STMTTRN>', '<STMTTRN>']);
  });

  it('OFX: a time with an offset is dated in the company zone; a bare date is kept', () => {
    const one = (dt: string) => ofxSgml([TXNS[0]!]).replace(/<DTPOSTED>[^\r]*/, `<DTPOSTED>${dt}`);
    expect(parse(one('20261001200000[-5:EST]')).txns[0]!.date).toBe('2026-10-02'); // 01:00 the next day in KL
    expect(parse(one('20261001')).txns[0]!.date).toBe('2026-10-01');
    expect(parse(one('20261001235959.000[+8:MYT]')).txns[0]!.date).toBe('2026-10-01');
  });

  it('OFX: a bank and a credit card statement in one file keep their own accounts; a bad amount is a line error', () => {
    const bank = ofxSgml([TXNS[0]!]);
    const card =
      '<CREDITCARDMSGSRSV1>\r\n<CCSTMTTRNRS>\r\n<TRNUID>2\r\n<CCSTMTRS>\r\n<CURDEF>MYR\r\n<CCACCTFROM>\r\n<ACCTID>4111-XXXX\r\n</CCACCTFROM>\r\n<BANKTRANLIST>\r\n' +
      '<STMTTRN>\r\n<TRNTYPE>DEBIT\r\n<DTPOSTED>20261002\r\n<TRNAMT>-5.00\r\n<FITID>T001\r\n<NAME>Card\r\n</STMTTRN>\r\n' +
      '<STMTTRN>\r\n<TRNTYPE>DEBIT\r\n<DTPOSTED>20261003\r\n<TRNAMT>-5.001\r\n<FITID>T002\r\n<NAME>Card\r\n</STMTTRN>\r\n' +
      '</BANKTRANLIST>\r\n</CCSTMTRS>\r\n</CCSTMTTRNRS>\r\n</CREDITCARDMSGSRSV1>\r\n';
    const text = bank.replace('</OFX>', `${card}</OFX>`);
    const s = parse(text);
    expect(s.txns.map((t) => [t.account, t.bankId, t.amount])).toEqual([
      ['MBBEMYKL/1234567890', 'T001', -12_345],
      ['4111-XXXX', 'T001', -500],
    ]);
    const lines = text.split('\n');
    const stmttrn =
      lines
        .slice(
          0,
          lines.findIndex((l) => l.includes('-5.001')),
        )
        .lastIndexOf('<STMTTRN>\r') + 1; // 1-based
    expect(s.errors).toEqual([{ line: stmttrn, column: 'TRNAMT', reason: '"-5.001" has more than 2 decimal places', value: '-5.001' }]);
  });

  it('OFX 1.x declared CHARSET:1252 is read as Windows-1252', () => {
    const text = ofxSgml([{ ...TXNS[0]!, payee: 'CAFÉ' }]);
    const s = parse(Buffer.from(text, 'latin1'));
    expect(s.txns[0]!.payee).toBe('CAFÉ');
  });

  it('QIF: month-first with apostrophe years, decided from the file; L category kept', () => {
    const s = parse(qif(TXNS, 'MD').replace('PTNB', 'PTNB\nLUtilities'));
    expect(s.txns.map((t) => t.date)).toEqual(TXNS.map((t) => t.date));
    expect(s.txns[3]!.category).toBe('Utilities');
  });

  it('CAMT: pending entries are left out, debits are negative, the related party is the payee', () => {
    const s = parse(
      camt053(TXNS).replace('<Cd>BOOK</Cd></Sts>\n        <BookgDt><Dt>2026-10-13', '<Cd>PDNG</Cd></Sts>\n        <BookgDt><Dt>2026-10-13'),
    );
    expect(s.txns.map((t) => t.bankId)).toEqual(['T001', 'T002', 'T004']);
    expect(s.txns[0]!.payee).toBe('GRAB RIDES');
    expect(s.txns[1]!.payee).toBe('Acme & Sons Sdn Bhd');
    expect(s.account).toBe('MY12MBBE0000001234567890');
  });

  it('mapped CSV: European separators, parentheses, trailing minus, semicolons, a category column', () => {
    const m = validateMapping(
      {
        columns: { date: 'Datum', description: 'Text', amount: 'Betrag', category: 'Kategorie' },
        date_format: 'DD.MM.YYYY',
        decimal: ',',
        thousands: '.',
        delimiter: ';',
        category_rules: [{ match: 'grab', category: 'travel' }],
      },
      'expenses',
    );
    const s = parse(
      'Datum;Text;Betrag;Kategorie\n01.10.2026;Grab;(1.234,50);\n02.10.2026;Office;12,00-;office supplies\n03.10.2026;Client pays;RM 99,99;\n',
      { mapping: m },
    );
    expect(s.errors).toEqual([]);
    expect(s.txns.map((t) => t.amount)).toEqual([-123_450, -1200, 9999]);
    expect(s.txns.map((t) => categorize(m, t.description, t.category))).toEqual(['travel', 'office_supplies', 'other']);
  });
});

describe('malformed files are refused with the line', () => {
  it('truncated OFX 2 / CAMT XML', () => {
    const x = ofxXml(TXNS);
    const e = refused(() => parse(x.slice(0, x.lastIndexOf('<STMTTRN>'))));
    expect(e.code).toBe('invalid_file');
    expect(e.message).toMatch(/truncated: it ends at line 10 with <OFX>, <BANKMSGSRSV1>/);
    // Cut inside a tag: the broken tag's line is named.
    const mid = refused(() => parse(x.slice(0, x.indexOf('<FITID>T003') + 4)));
    expect(mid.details.line).toBe(9); // the third STMTTRN
    const c = camt053(TXNS);
    expect(refused(() => parse(c.slice(0, c.indexOf('</Ntry>', c.length / 2)))).message).toMatch(/CAMT\.053 file is truncated/);
  });

  it('truncated OFX 1.x SGML', () => {
    const x = ofxSgml(TXNS);
    expect(refused(() => parse(x.slice(0, x.lastIndexOf('<STMTTRN>') + 40))).message).toMatch(/OFX file is truncated/);
  });

  it('broken OFX 1.x SGML names its line; a leaf written closed beside unclosed ones is fine', () => {
    const x = ofxSgml(TXNS).replace('</BANKACCTFROM>', '</BANKTRANLIST>');
    const e = refused(() => parse(x));
    expect(e.code).toBe('invalid_file');
    expect(e.details.line).toBe(x.split('\n').findIndex((l) => l.startsWith('</BANKTRANLIST>')) + 1);
    expect(e.message).toContain('</BANKTRANLIST> closes nothing that is open');
    const swapped = ofxSgml(TXNS).replace('</STMTTRN>', '</BANKTRANLIST>');
    expect(refused(() => parse(swapped)).message).toContain('</BANKTRANLIST> arrives while <STMTTRN> is still open');
    const mixed = ofxSgml(TXNS).replace('<TRNUID>1\r\n', '<TRNUID>1</TRNUID>\r\n').replace('<TRNTYPE>DEBIT', '<TRNTYPE>DEBIT</TRNTYPE>');
    expect(parse(mixed).txns).toHaveLength(4);
  });

  it('broken XML names its line', () => {
    const x = ofxXml(TXNS).replace('<TRNAMT>-123.45</TRNAMT>', '<TRNAMT>-123.45</TRNAMTX>');
    const e = refused(() => parse(x));
    expect(e.details.line).toBe(x.split('\n').findIndex((l) => l.includes('TRNAMTX')) + 1);
  });

  it('a wrong encoding (Latin-1 bytes without a declaration) names the line', () => {
    const bytes = Buffer.from(qif([TXNS[0]!, { ...TXNS[1]!, payee: 'Café Ünïcode' }]), 'latin1');
    const e = refused(() => parse(bytes));
    expect(e.code).toBe('invalid_encoding');
    expect(e.details.line).toBe(9);
  });

  it('QIF: ambiguous dates without a date format, and mixed date formats', () => {
    const early = TXNS.map((t) => ({ ...t, date: '2026-10-05' }));
    const e = refused(() => parse(qif(early)));
    expect(e.code).toBe('ambiguous_dates');
    expect(e.message).toContain('--date-format');
    expect(parse(qif(early), { dateFormat: 'D/M/YYYY' }).txns[0]!.date).toBe('2026-10-05');
    expect(parse(qif(early), { dateFormat: 'M/D/YYYY' }).txns[0]!.date).toBe('2026-05-10');
    const mixed = `${qif([TXNS[3]!], 'DM')}${qif([TXNS[3]!], 'MD').replace('!Type:Bank\n', '')}`;
    const m = refused(() => parse(mixed));
    expect(m.code).toBe('mixed_date_formats');
    expect(m.details.lines).toEqual([2, 7]);
  });

  it('mapped CSV: mixed date formats are line errors; a title block longer than skip_rows is named', () => {
    const m = validateMapping({ ...BANK_CSV_MAPPING }, 'expenses');
    const text = bankCsv(TXNS).replace('13/10/2026', '2026-10-13');
    const s = parse(text, { mapping: m });
    expect(s.errors).toEqual([
      { line: 7, column: 'Txn Date', reason: '"2026-10-13" does not match the date format DD/MM/YYYY', value: '2026-10-13' },
    ]);
    const short = validateMapping({ ...BANK_CSV_MAPPING, skip_rows: 1 }, 'expenses');
    const e = refused(() => parse(bankCsv(TXNS), { mapping: short }));
    expect(e.code).toBe('mapping_mismatch');
    expect(e.message).toContain('set skip_rows to 3');
    expect(e.details.line).toBe(2);
  });

  it('duplicate bank ids are kept for the import to judge (same id twice in the file)', () => {
    const s = parse(ofxXml([TXNS[0]!, TXNS[0]!, { ...TXNS[2]!, id: 'T001' }]));
    expect(s.txns.map((t) => t.bankId)).toEqual(['T001', 'T001', 'T001']);
  });

  it('a CSV without a mapping is refused naming --map', () => {
    expect(refused(() => parse(bankCsv(TXNS))).code).toBe('mapping_required');
  });

  it('bad mappings are refused field by field', () => {
    expect(refused(() => validateMapping({ columns: { date: 'D' } }, 'expenses')).message).toMatch(/must map description, amount/);
    expect(refused(() => validateMapping({ columns: { when: 'D' } }, 'expenses')).message).toMatch(/columns.when is not/);
    expect(refused(() => validateMapping({ category_rules: [{ match: '(', category: 'travel' }] }, null)).message).toMatch(
      /regular expression/,
    );
    expect(refused(() => validateMapping({ decimal: ',', thousands: ',' }, null)).details.field).toBe('thousands');
  });
});
