/**
 * Bytes → text for the statement parsers. UTF-8 (BOM allowed) unless an OFX 1.x header declares the Windows
 * code page (CHARSET:1252), which many banks still send; anything else that is not UTF-8 is refused naming the
 * line of the first bad byte, rather than imported as mojibake.
 */
import { ValidationError } from '../../core/errors.js';

export function decodeText(bytes: Uint8Array): string {
  const headEnd = Math.min(bytes.length, 512);
  const head = Buffer.from(bytes.subarray(0, headEnd)).toString('latin1');
  if (/^\s*OFXHEADER:/.test(head) && /CHARSET:\s*(1252|ISO-8859-1|8859-1)/i.test(head))
    return new TextDecoder('windows-1252').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    throw new ValidationError(
      `The file is not UTF-8 text: invalid byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} on line ${line}. Save it as UTF-8 (or, for OFX 1.x, declare CHARSET:1252).`,
      { line, offset: at },
      'invalid_encoding',
    );
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

/** 1-based line of each offset, for offsets given in increasing order (one pass over the text). */
export function lineCounter(text: string): (offset: number) => number {
  let pos = 0;
  let line = 1;
  return (offset) => {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      pos = i + 1;
    }
    return line;
  };
}
