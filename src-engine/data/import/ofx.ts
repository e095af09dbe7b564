/**
 * OFX 1.x (SGML: leaf elements without closing tags, a `KEY:VALUE` header), OFX 2.x (XML) and QFX (OFX with
 * Intuit's extra elements). The SGML body is turned into XML by closing every leaf on its own line (line numbers
 * stay those of the file) and escaping bare `&`; then both versions go through fast-xml-parser.
 * Each STMTTRN gets a marker element with its line so errors and results can name it.
 */
import type { RowError } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import { parseAmount } from './amounts.js';
import { lineCounter } from './text.js';
import type { ParsedStatement, StatementTxn } from './types.js';
import { child, list, parseXml, text } from './xml.js';

const ARRAYS = new Set(['STMTTRNRS', 'CCSTMTTRNRS', 'STMTTRN']);
const LINE_TAG = 'KIRALINE';
const AGGREGATE = /^(OFX|\w*MSGSRSV\d|\w*MSGSRQV\d|\w*RS|\w*RQ|STATUS|\w*ACCTFROM|\w*ACCTTO|\w*TRANLIST|\w*BAL|STMTTRN|PAYEE|CURRENCY|ORIGCURRENCY|FI|\w*INFO)$/i;

export interface OfxOptions {
  digits: number;
  /** The company's zone: a timestamp with an explicit offset is converted to the date there. */
  timeZone: string;
}

export function parseOfx(source: string, opts: OfxOptions): ParsedStatement {
  const start = source.search(/<OFX>/i);
  if (start === -1) throw new ValidationError('This is not an OFX file: no <OFX> element.', {}, 'invalid_file');
  const headerLines = countLines(source, start);
  // OFX 2.x is XML already (only the line markers are added); 1.x is SGML and gets its leaves closed.
  const xml = /<\?xml\b|<\?OFX\b/i.test(source.slice(0, start));
  const body = toXml(source.slice(start), headerLines, xml);
  const doc = parseXml(body, 'OFX', ARRAYS, headerLines);
  const ofx = child(doc, 'OFX');
  const txns: StatementTxn[] = [];
  const errors: RowError[] = [];
  let firstAccount: string | undefined;
  let currency: string | null = null;
  const statements = [
    ...list(ofx, 'BANKMSGSRSV1', 'STMTTRNRS').map((r) => ({ rs: child(r, 'STMTRS'), acct: 'BANKACCTFROM' })),
    ...list(ofx, 'CREDITCARDMSGSRSV1', 'CCSTMTTRNRS').map((r) => ({ rs: child(r, 'CCSTMTRS'), acct: 'CCACCTFROM' })),
  ];
  if (statements.length === 0) throw new ValidationError('The OFX file holds no bank or credit card statement.', {}, 'invalid_file');
  const toDate = ofxDateReader(opts.timeZone);
  for (const { rs, acct } of statements) {
    const account = [text(rs, acct, 'BANKID'), text(rs, acct, 'ACCTID')].filter(Boolean).join('/');
    firstAccount ??= account;
    currency ??= text(rs, 'CURDEF') ?? null;
    for (const t of list(rs, 'BANKTRANLIST', 'STMTTRN')) {
      const line = Number(text(t, LINE_TAG) ?? 0);
      const err = (column: string, reason: string, value = '') => errors.push({ line, column, reason, value });
      const dateText = text(t, 'DTPOSTED') ?? '';
      const date = toDate(dateText);
      const amountText = text(t, 'TRNAMT') ?? '';
      const decimal = amountText.includes(',') && !amountText.includes('.') ? ',' : '.';
      const amount = parseAmount(amountText, { decimal, thousands: '' }, opts.digits);
      if (!date) err('DTPOSTED', dateText ? 'not an OFX date (YYYYMMDD…)' : 'missing', dateText);
      if (!amount.ok) err('TRNAMT', amountText ? amount.reason : 'missing', amountText);
      if (!date || !amount.ok) continue;
      txns.push({
        line, account, date, amount: amount.value,
        payee: (text(t, 'NAME') ?? text(t, 'PAYEE', 'NAME') ?? '').trim(),
        description: (text(t, 'MEMO') ?? '').trim(),
        bankId: text(t, 'FITID')?.trim() || null,
        ...(text(t, 'CHECKNUM') ? { reference: text(t, 'CHECKNUM')! } : {}),
      });
    }
  }
  return { format: 'ofx', account: firstAccount ?? '', currency, txns, errors };
}

function countLines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * SGML → XML in one pass over the tags. An element whose end tag appears nowhere in the file is a leaf: close
 * it after its text, even an empty one (before the line break, so lines do not move). An element that has end
 * tags is an aggregate (or an already closed leaf) and is left alone unless text follows it unclosed. Bare `&`
 * become `&amp;`.
 */
function toXml(body: string, lineOffset: number, isXml: boolean): string {
  const lineAt = lineCounter(body);
  const closed = new Set<string>();
  for (const m of body.matchAll(/<\/([A-Za-z0-9_.]+)>/g)) closed.add(m[1]!);
  // OFX's aggregate names, so that a truncated file's aggregates (never closed) are not taken for leaves.
  const aggregate = (name: string) => closed.has(name) || AGGREGATE.test(name);
  return body.replace(/<([A-Za-z0-9_.]+)>([^<]*)/g, (whole, name: string, content: string, offset: number) => {
    const escaped = content.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;');
    if (name.toUpperCase() === 'STMTTRN') return `<${name}><${LINE_TAG}>${lineAt(offset) + lineOffset}</${LINE_TAG}>${escaped}`;
    if (isXml) return whole;
    const value = escaped.trimEnd();
    const isLeaf = !aggregate(name);
    if (!isLeaf && (value.trim() === '' || body.startsWith(`</${name}>`, offset + whole.length))) return `<${name}>${escaped}`;
    return `<${name}>${value}</${name}>${escaped.slice(value.length)}`;
  });
}

/** `YYYYMMDD[HHMMSS[.XXX]][[±H[.MM]][:TZ]]` → ISO date; with a time and an explicit offset, the date in `timeZone`. */
function ofxDateReader(timeZone: string): (s: string) => string | undefined {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (s) => {
    const m = /^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:\.\d+)?)\s*(?::[^\]]*)?\])?\s*$/.exec(s);
    if (!m) return undefined;
    const [, y, mo, d, hh, mi, ss, off] = m;
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(y), month, 0)).getUTCDate()) return undefined;
    // Without a time and an offset the bank's own calendar date is the statement's date: keep it as written.
    if (hh === undefined || off === undefined) return `${y}-${mo}-${d}`;
    const utc = Date.UTC(Number(y), month - 1, day, Number(hh), Number(mi), Number(ss ?? 0)) - Number(off) * 3_600_000;
    return fmt.format(new Date(utc));
  };
}
