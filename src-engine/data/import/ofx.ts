/**
 * OFX 1.x (SGML: leaf elements without closing tags, a `KEY:VALUE` header), OFX 2.x (XML) and QFX (OFX with
 * Intuit's extra elements). OFX 2 is validated whole by fast-xml-parser; OFX 1.x by one scan checking that its
 * aggregates open and close in order (a truncated or broken file is refused naming its line either way). Each
 * statement's envelope (account, currency) is read by fast-xml-parser, the SGML envelope first closed into XML.
 * The transaction list itself is scanned directly: STMTTRN is a flat list of leaves, and building fast-xml-parser's
 * object tree for it cost about 40 µs per transaction (measured on 100,000), most of the 5 s import budget.
 */
import type { RowError } from '../../core/csv-rows.js';
import { ValidationError } from '../../core/errors.js';
import { parseAmount } from './amounts.js';
import { lineCounter } from './text.js';
import type { ParsedStatement, StatementTxn } from './types.js';
import { parseXml, text, validateXml } from './xml.js';

const AGGREGATE =
  /^(OFX|\w*MSGSRSV\d|\w*MSGSRQV\d|\w*RS|\w*RQ|STATUS|\w*ACCTFROM|\w*ACCTTO|\w*TRANLIST|\w*BAL|STMTTRN|PAYEE|CURRENCY|ORIGCURRENCY|FI|\w*INFO)$/i;
const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export interface OfxOptions {
  digits: number;
  /** The company's zone: a timestamp with an explicit offset is converted to the date there. */
  timeZone: string;
}

function unescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(
    ENTITY,
    (_m, e: string) => NAMED[e] ?? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );
}

export function parseOfx(source: string, opts: OfxOptions): ParsedStatement {
  const start = source.search(/<OFX>/i);
  if (start === -1) throw new ValidationError('This is not an OFX file: no <OFX> element.', {}, 'invalid_file');
  const headerLines = countLines(source, start);
  // OFX 2.x is XML already; 1.x is SGML and gets its leaves closed.
  const xml = /<\?xml\b|<\?OFX\b/i.test(source.slice(0, start));
  const body = source.slice(start);
  // OFX 2 is validated whole by fast-xml-parser; SGML's structure (its aggregates open and close in order) by
  // one scan over its tags, which costs a third of closing every leaf into XML and validating that.
  if (xml) validateXml(body, 'OFX', headerLines);
  else checkSgml(body, headerLines);
  const lineAt = lineCounter(body);
  const txns: StatementTxn[] = [];
  const errors: RowError[] = [];
  let firstAccount: string | undefined;
  let currency: string | null = null;
  let statements = 0;
  const toDate = ofxDateReader(opts.timeZone);
  for (const st of elements(body, ['STMTRS', 'CCSTMTRS'])) {
    statements++;
    const stBody = body.slice(st.start, st.end);
    // The envelope without its transactions: account and currency through the XML parser.
    const list = elements(stBody, ['BANKTRANLIST'])[0];
    const head = list ? stBody.slice(0, list.start) + stBody.slice(list.end) : stBody;
    const envelope = parseXml(`<S>${xml ? head : toXml(head)}</S>`, 'OFX', new Set(), headerLines, false);
    const acct = st.name === 'CCSTMTRS' ? 'CCACCTFROM' : 'BANKACCTFROM';
    const account = [text(envelope, 'S', acct, 'BANKID'), text(envelope, 'S', acct, 'ACCTID')].filter(Boolean).join('/');
    firstAccount ??= account;
    currency ??= text(envelope, 'S', 'CURDEF') ?? null;
    for (const t of elements(stBody, ['STMTTRN'])) {
      const line = lineAt(st.start + t.start) + headerLines;
      // Each wanted leaf by indexOf inside the block (a V8 sliced string, not a copy): no match arrays or map per
      // transaction (GC was a third of the time), and a missing leaf never searches past the block.
      const block = stBody.slice(t.start, t.end);
      const field = (name: string): string | undefined => {
        const open = `<${name}>`;
        const at = block.indexOf(open);
        if (at === -1) return undefined;
        const from = at + open.length;
        const to = block.indexOf('<', from);
        return unescape(block.slice(from, to === -1 ? block.length : to).trim());
      };
      const err = (column: string, reason: string, value = '') => errors.push({ line, column, reason, value });
      const dateText = field('DTPOSTED') ?? '';
      const date = toDate(dateText);
      const amountText = field('TRNAMT') ?? '';
      const decimal = amountText.includes(',') && !amountText.includes('.') ? ',' : '.';
      const amount = parseAmount(amountText, { decimal, thousands: '' }, opts.digits);
      if (!date) err('DTPOSTED', dateText ? 'not an OFX date (YYYYMMDD…)' : 'missing', dateText);
      if (!amount.ok) err('TRNAMT', amountText ? amount.reason : 'missing', amountText);
      if (!date || !amount.ok) continue;
      const check = field('CHECKNUM');
      txns.push({
        line,
        account,
        date,
        amount: amount.value,
        payee: field('NAME') ?? '',
        description: field('MEMO') ?? '',
        bankId: field('FITID') || null,
        ...(check ? { reference: check } : {}),
      });
    }
  }
  if (statements === 0) throw new ValidationError('The OFX file holds no bank or credit card statement.', {}, 'invalid_file');
  return { format: 'ofx', account: firstAccount ?? '', currency, txns, errors };
}

/**
 * Elements named `names` (upper case, as OFX writes them) in `s`, outermost only, by indexOf rather than a lazy
 * regular expression (which re-tests the end tag at every character of a 20 MB body). `start..end` is the
 * content between the tags; the content's leading tag text `<NAME>` ends at `start`.
 */
function elements(s: string, names: readonly string[]): { name: string; start: number; end: number }[] {
  const found: { name: string; start: number; end: number }[] = [];
  for (const name of names) {
    const open = `<${name}>`;
    const close = `</${name}>`;
    for (let i = s.indexOf(open); i !== -1;) {
      const start = i + open.length;
      const end = s.indexOf(close, start);
      if (end === -1) break; // unreachable after validation: kept so a bug cannot loop
      found.push({ name, start, end });
      i = s.indexOf(open, end + close.length);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function countLines(s: string, end: number): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < end; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whether an element is an aggregate in this file: it has an end tag somewhere, or is an OFX aggregate name. */
function aggregateTest(body: string): (name: string) => boolean {
  const closed = new Set<string>();
  for (const m of body.matchAll(/<\/([A-Za-z0-9_.]+)>/g)) closed.add(m[1]!);
  const known = new Map<string, boolean>();
  return (name) => {
    let a = known.get(name);
    if (a === undefined) known.set(name, (a = closed.has(name) || AGGREGATE.test(name)));
    return a;
  };
}

/**
 * OFX 1.x structure: every aggregate (an element with an end tag somewhere, or an OFX aggregate name) closes in
 * order; an end tag that closes something else names its line; a file that ends with aggregates open is truncated.
 */
function checkSgml(body: string, lineOffset: number): void {
  const aggregate = aggregateTest(body);
  const lineAt = lineCounter(body);
  const open: string[] = [];
  const tag = /<(\/?)([A-Za-z0-9_.]+)>/g;
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const name = m[2]!;
    if (m[1] === '') {
      if (aggregate(name) && !leafHere(body, name, tag.lastIndex)) open.push(name);
      continue;
    }
    // An end tag of a leaf that was written closed (`<CODE>0</CODE>`) closes nothing on the stack.
    if (!aggregate(name) || (open[open.length - 1] !== name && !open.includes(name))) {
      if (aggregate(name)) throw sgmlError(`</${name}> closes nothing that is open`, lineAt(m.index) + lineOffset);
      continue;
    }
    const top = open.pop()!;
    if (top !== name) throw sgmlError(`</${name}> arrives while <${top}> is still open`, lineAt(m.index) + lineOffset);
  }
  if (open.length > 0) {
    const line = countLines(body, body.length) + 1 + lineOffset;
    throw new ValidationError(
      `This OFX file is truncated: it ends at line ${line} with <${open.join('>, <')}> still open. Nothing was imported.`,
      { line, unclosed: open },
      'invalid_file',
    );
  }
}

/** A name closed elsewhere but here followed by text and no end tag (`<CODE>0` beside `<CODE>0</CODE>`) is a leaf. */
function leafHere(body: string, name: string, after: number): boolean {
  if (AGGREGATE.test(name)) return false;
  const next = body.indexOf('<', after);
  const text = body.slice(after, next === -1 ? body.length : next);
  return text.trim() !== '' && !body.startsWith(`</${name}>`, next);
}

function sgmlError(what: string, line: number): ValidationError {
  return new ValidationError(`This is not a valid OFX file (line ${line}): ${what}.`, { line }, 'invalid_file');
}

/**
 * SGML → XML in one pass over the tags. An element whose end tag appears nowhere in the file is a leaf: close
 * it after its text, even an empty one (before the line break, so lines do not move). An element that has end
 * tags, or an OFX aggregate name, is an aggregate (so a truncated file's unclosed aggregates stay unclosed and
 * the validator names them). Bare `&` become `&amp;`.
 */
function toXml(body: string): string {
  const aggregate = aggregateTest(body);
  return body.replace(/<([A-Za-z0-9_.]+)>([^<]*)/g, (whole, name: string, content: string, offset: number) => {
    const escaped = content.includes('&') ? content.replace(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g, '&amp;') : content;
    const value = escaped.trimEnd();
    if (aggregate(name) && (value.trim() === '' || body.startsWith(`</${name}>`, offset + whole.length))) return `<${name}>${escaped}`;
    return `<${name}>${value}</${name}>${escaped.slice(value.length)}`;
  });
}

/** `YYYYMMDD[HHMMSS[.XXX]][[±H[.MM]][:TZ]]` → ISO date; with a time and an explicit offset, the date in `timeZone`. */
function ofxDateReader(timeZone: string): (s: string) => string | undefined {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (s) => {
    const m =
      /^\s*(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:\.\d+)?)\s*(?::[^\]]*)?\])?\s*$/.exec(s);
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
