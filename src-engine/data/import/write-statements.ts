/**
 * Statement text in each format from plain transactions: the tests, the examples and the benchmark write their
 * files with these, so every format is exercised with the same data. Amounts are minor units (2 digits).
 */
import { formatDecimal } from '../../core/money.js';

export interface SampleTxn {
  date: string; // YYYY-MM-DD
  amount: number; // minor units, negative = money out
  payee: string;
  memo: string;
  id: string;
}

const compact = (d: string) => d.replaceAll('-', '');
const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

export function ofxSgml(txns: readonly SampleTxn[], account = '1234567890'): string {
  const head = `OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n`;
  const body = txns
    .map(
      (t) =>
        `<STMTTRN>\r\n<TRNTYPE>${t.amount < 0 ? 'DEBIT' : 'CREDIT'}\r\n<DTPOSTED>${compact(t.date)}120000.000[+8:MYT]\r\n<TRNAMT>${formatDecimal(t.amount)}\r\n<FITID>${t.id}\r\n<NAME>${esc(t.payee)}\r\n<MEMO>${esc(t.memo)}\r\n</STMTTRN>\r\n`,
    )
    .join('');
  return `${head}<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261130<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>\r\n<BANKMSGSRSV1>\r\n<STMTTRNRS>\r\n<TRNUID>1\r\n<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n<STMTRS>\r\n<CURDEF>MYR\r\n<BANKACCTFROM>\r\n<BANKID>MBBEMYKL\r\n<ACCTID>${account}\r\n<ACCTTYPE>CHECKING\r\n</BANKACCTFROM>\r\n<BANKTRANLIST>\r\n<DTSTART>20260101\r\n<DTEND>20261130\r\n${body}</BANKTRANLIST>\r\n<LEDGERBAL><BALAMT>0.00<DTASOF>20261130</LEDGERBAL>\r\n</STMTRS>\r\n</STMTTRNRS>\r\n</BANKMSGSRSV1>\r\n</OFX>\r\n`;
}

export function ofxXml(txns: readonly SampleTxn[], account = '1234567890'): string {
  const body = txns
    .map(
      (t) =>
        `<STMTTRN><TRNTYPE>${t.amount < 0 ? 'DEBIT' : 'CREDIT'}</TRNTYPE><DTPOSTED>${compact(t.date)}</DTPOSTED><TRNAMT>${formatDecimal(t.amount)}</TRNAMT><FITID>${t.id}</FITID><NAME>${esc(t.payee)}</NAME><MEMO>${esc(t.memo)}</MEMO></STMTTRN>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n<OFX>\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>MYR</CURDEF>\n<BANKACCTFROM><BANKID>MBBEMYKL</BANKID><ACCTID>${account}</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20260101</DTSTART><DTEND>20261130</DTEND>\n${body}</BANKTRANLIST>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n`;
}

/** QIF with dates written `D/M/YYYY` (day first) or `M/D'YY` (month first, Quicken's US style). */
export function qif(txns: readonly SampleTxn[], order: 'DM' | 'MD' = 'DM'): string {
  const date = (d: string) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    return order === 'DM' ? `${day}/${m}/${y}` : `${m}/${day}'${String(y).slice(2)}`;
  };
  return `!Type:Bank\n${txns.map((t) => `D${date(t.date)}\nT${formatDecimal(t.amount)}\nP${t.payee}\nM${t.memo}\n^\n`).join('')}`;
}

export function camt053(txns: readonly SampleTxn[], iban = 'MY12MBBE0000001234567890'): string {
  const entries = txns
    .map((t) => {
      const credit = t.amount > 0;
      const party = credit ? `<Dbtr><Nm>${esc(t.payee)}</Nm></Dbtr>` : `<Cdtr><Nm>${esc(t.payee)}</Nm></Cdtr>`;
      return `      <Ntry>
        <NtryRef>${t.id}</NtryRef>
        <Amt Ccy="MYR">${formatDecimal(Math.abs(t.amount))}</Amt>
        <CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>
        <Sts><Cd>BOOK</Cd></Sts>
        <BookgDt><Dt>${t.date}</Dt></BookgDt>
        <ValDt><Dt>${t.date}</Dt></ValDt>
        <AcctSvcrRef>${t.id}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties>${party}</RltdPties><RmtInf><Ustrd>${esc(t.memo)}</Ustrd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>KIRA-1</MsgId><CreDtTm>2026-11-30T10:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-1</Id>
      <Acct><Id><IBAN>${iban}</IBAN></Id><Ccy>MYR</Ccy></Acct>
${entries}    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

/** A bank CSV in the Malaysian style: title block, DD/MM/YYYY, `1.234,56`-free US separators, debit/credit columns. */
export function bankCsv(txns: readonly SampleTxn[], titleLines = 3): string {
  const title = ['Maybank2u Account Statement', 'Account: 1234567890', 'Period: 01/01/2026 - 30/11/2026'].slice(0, titleLines);
  const money = (n: number) => {
    const [w, f] = formatDecimal(n).split('.') as [string, string];
    return `${w.replace(/\B(?=(\d{3})+$)/g, ',')}.${f}`;
  };
  const rows = txns.map((t) => {
    const [y, m, d] = t.date.split('-');
    const field = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    return `${d}/${m}/${y},${field(`${t.payee} ${t.memo}`.trim())},${t.amount < 0 ? `"${money(-t.amount)}"` : ''},${t.amount > 0 ? `"${money(t.amount)}"` : ''}`;
  });
  return `${title.join('\n')}${title.length ? '\n' : ''}Txn Date,Narrative,Debit,Credit\n${rows.join('\n')}\n`;
}

export const BANK_CSV_MAPPING = {
  columns: { date: 'Txn Date', description: 'Narrative', debit: 'Debit', credit: 'Credit' },
  date_format: 'DD/MM/YYYY',
  decimal: '.',
  thousands: ',',
  skip_rows: 3,
  delimiter: ',',
  category: 'other',
  category_rules: [
    { match: 'GRAB|TAXI', category: 'travel' },
    { match: 'TNB|ELECTRIC', category: 'utilities' },
  ],
};
