/**
 * Date text in a named format (`DD/MM/YYYY`, `M/D/YY`, `D MMM YYYY`…) → ISO date. Pure. Tokens: YYYY, YY, MM, M,
 * DD, D, MMM (Jan…Dec); anything else in the format must appear literally. Impossible dates (31/02) are errors.
 */
import { daysInMonth, type IsoDate } from '../../core/dates.js';
import { ValidationError } from '../../core/errors.js';

export type DateResult = { ok: true; value: IsoDate } | { ok: false; reason: string };
export type DateParser = (text: string) => DateResult;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
type Part = 'Y4' | 'Y2' | 'M' | 'D' | 'MMM';
const TOKENS: [string, Part, string][] = [
  ['YYYY', 'Y4', '(\\d{4})'],
  ['YY', 'Y2', '(\\d{2})'],
  ['MMM', 'MMM', '([A-Za-z]{3})'],
  ['MM', 'M', '(\\d{2})'],
  ['M', 'M', '(\\d{1,2})'],
  ['DD', 'D', '(\\d{2})'],
  ['D', 'D', '(\\d{1,2})'],
];

export function compileDateFormat(format: string): DateParser {
  const parts: Part[] = [];
  // With separators, DD and MM also take one digit ("2/11/2026" under DD/MM/YYYY): files drop leading zeros.
  const separated = /[^A-Za-z]/.test(format);
  let re = '';
  for (let i = 0; i < format.length;) {
    const tok = TOKENS.find(([t]) => format.startsWith(t, i));
    if (tok) {
      parts.push(tok[1]);
      re += separated && (tok[0] === 'DD' || tok[0] === 'MM') ? '(\\d{1,2})' : tok[2];
      i += tok[0].length;
    } else {
      re += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  const has = (p: Part) => parts.includes(p);
  if (!(has('Y4') || has('Y2')) || !(has('M') || has('MMM')) || !has('D') || new Set(parts).size !== parts.length) {
    throw new ValidationError(
      `date_format "${format}" needs one year (YYYY or YY), one month (MM, M or MMM) and one day (DD or D)`,
      { field: 'date_format', value: format },
      'invalid_mapping',
    );
  }
  const matcher = new RegExp(`^${re}$`);
  return (text) => {
    const m = matcher.exec(text.trim());
    if (!m) return { ok: false, reason: `"${text}" does not match the date format ${format}` };
    let y = 0;
    let mo = 0;
    let d = 0;
    parts.forEach((p, i) => {
      const v = m[i + 1]!;
      if (p === 'Y4') y = Number(v);
      else if (p === 'Y2')
        y = 2000 + Number(v); // two-digit years in bank files are this century
      else if (p === 'M') mo = Number(v);
      else if (p === 'MMM') mo = MONTHS.indexOf(v.toLowerCase()) + 1;
      else d = Number(v);
    });
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
      return { ok: false, reason: `"${text}" is not a real date (format ${format})` };
    return { ok: true, value: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  };
}

/**
 * Numeric day/month order of a set of dates written `a/b/year`: decided by a first part above 12 (day first)
 * or a second above 12 (month first). Both → the file mixes formats; neither → ambiguous, and the caller must
 * be told the date format rather than guess.
 */
export function dayMonthOrder(pairs: Iterable<[number, number]>): 'DM' | 'MD' | 'mixed' | 'ambiguous' {
  let dayFirst = false;
  let monthFirst = false;
  for (const [a, b] of pairs) {
    if (a > 12) dayFirst = true;
    if (b > 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return 'mixed';
  return dayFirst ? 'DM' : monthFirst ? 'MD' : 'ambiguous';
}
