/**
 * fast-xml-parser behind one function: validate first (a truncated or broken file is refused naming its line,
 * instead of half-parsed), then parse with every value kept as text (amounts and ids must not become floats).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../../core/errors.js';

/** Refuse a broken or truncated document, naming its line (`lineOffset` lines precede `xml` in the file). */
export function validateXml(xml: string, what: string, lineOffset = 0): void {
  const check = XMLValidator.validate(xml);
  if (check !== true) {
    const unclosed = /^Invalid '\[(.*)\]' found/s.exec(check.err.msg);
    if (unclosed) {
      // fast-xml-parser reports elements still open at the end as line 1; the truth is "the file stops early".
      const names = unclosed[1]!
        .split(',')
        .map((n) => n.trim().replace(/^"|"$/g, ''))
        .filter(Boolean);
      const line = xml.split('\n').length + lineOffset;
      throw new ValidationError(
        `This ${what} file is truncated: it ends at line ${line} with <${names.join('>, <')}> still open. Nothing was imported.`,
        { line, unclosed: names },
        'invalid_file',
      );
    }
    const line = check.err.line + lineOffset;
    throw new ValidationError(
      `This is not a valid ${what} file (line ${line}): ${check.err.msg}`,
      { line, column: check.err.col, code: check.err.code },
      'invalid_file',
    );
  }
}

/** Validate, then parse with every value kept as text (amounts and ids must not become floats). */
export function parseXml(xml: string, what: string, arrays: ReadonlySet<string>, lineOffset = 0, validate = true): Record<string, unknown> {
  if (validate) validateXml(xml, what, lineOffset);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrays.has(name),
  });
  return parser.parse(xml) as Record<string, unknown>;
}

/** Navigate parsed XML without `any`: a child object, or undefined. */
function child(node: unknown, ...path: string[]): unknown {
  let n = node;
  for (const p of path) {
    if (typeof n !== 'object' || n === null || Array.isArray(n)) return undefined;
    n = (n as Record<string, unknown>)[p];
  }
  return n;
}

/** Text of a leaf (a string, or an element with attributes whose text is under `#text`). */
export function text(node: unknown, ...path: string[]): string | undefined {
  const n = child(node, ...path);
  if (typeof n === 'string') return n;
  if (typeof n === 'number') return String(n);
  const t = child(n, '#text');
  return typeof t === 'string' ? t : undefined;
}

export function list(node: unknown, ...path: string[]): unknown[] {
  const n = child(node, ...path);
  return Array.isArray(n) ? n : n === undefined ? [] : [n];
}
