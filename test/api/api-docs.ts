/**
 * docs/api.md's handler tables, rendered from the contract (src-engine/core/api/): per handler its method and
 * path, success status, result type and every input field with its type, bounds and whether it is required.
 * test/api/api-docs.test.ts compares docs/api.md with this and rewrites it when asked (UPDATE_API_DOCS=1).
 */
import type { TSchema } from '@sinclair/typebox';
import { API_GROUPS, type Declaration } from '../../src-engine/core/api/index.js';

const START = '<!-- api-contract:start (generated from src-engine/core/api/; do not edit by hand) -->';
const END = '<!-- api-contract:end -->';
export const REGENERATE = 'UPDATE_API_DOCS=1 npx vitest run test/api/api-docs.test.ts';

type Schema = TSchema & Record<string, unknown>;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

function range(min: unknown, max: unknown, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  if (typeof min === 'number' && typeof max === 'number') return `${min.toLocaleString('en')}–${max.toLocaleString('en')}${u}`;
  if (typeof min === 'number') return `≥ ${min.toLocaleString('en')}${u}`;
  if (typeof max === 'number') return `≤ ${max.toLocaleString('en')}${u}`;
  return '';
}

/** A field's type and bounds in a few words. */
function describe(s: Schema): { type: string; bounds: string } {
  if (Array.isArray(s.enum)) return { type: (s.enum as unknown[]).map((v) => `\`${String(v)}\``).join(' \\| '), bounds: '' };
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as Schema[]).map(describe);
    return {
      type: parts.map((p) => p.type).join(' or '),
      bounds: parts
        .map((p) => p.bounds)
        .filter(Boolean)
        .join('; '),
    };
  }
  if (typeof s.title === 'string' && s.type === undefined) return { type: `\`${s.title}\``, bounds: '' };
  switch (s.type) {
    case 'string':
      if (s.pattern === DATE_PATTERN) return { type: 'date', bounds: '' };
      return {
        type: 'string',
        bounds: [range(s.minLength, s.maxLength, 'chars'), typeof s.pattern === 'string' ? `\`/${s.pattern.replaceAll('|', '\\|')}/\`` : '']
          .filter(Boolean)
          .join(', '),
      };
    case 'integer':
    case 'number': {
      const bound = range(s.minimum, s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum);
      return { type: s.type, bounds: [bound, typeof s.description === 'string' ? s.description : ''].filter(Boolean).join(', ') };
    }
    case 'boolean':
      return { type: 'boolean', bounds: '' };
    case 'null':
      return { type: 'null', bounds: '' };
    case 'array': {
      const item = describe(s.items as Schema);
      return {
        type: `${item.type.includes(' ') ? `(${item.type})` : item.type}[]`,
        bounds: [range(s.minItems, s.maxItems, 'items'), s.uniqueItems === true ? 'unique' : '', item.bounds].filter(Boolean).join(', '),
      };
    }
    case 'object':
      return { type: 'object', bounds: range(s.minProperties, s.maxProperties, 'fields') };
    default:
      if (Array.isArray(s.type)) return { type: (s.type as string[]).join(' or '), bounds: range(s.minLength, s.maxLength, 'chars') };
      return { type: 'file (the request body; text or bytes over IPC)', bounds: '' };
  }
}

interface Row {
  field: string;
  where: string;
  type: string;
  bounds: string;
  required: boolean;
}

function objectRows(s: Schema, prefix: string, where: string, note = ''): Row[] {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  return Object.entries(props).map(([name, prop]) => {
    const d = describe(prop);
    return {
      field: `${prefix}${name}`,
      where,
      type: d.type,
      bounds: [d.bounds, note].filter(Boolean).join('; '),
      required: required.has(name),
    };
  });
}

/** Every input field of a handler: path and query parameters, then the body's fields. */
export function inputRows(d: Declaration): Row[] {
  const input = d.input as Schema;
  const inPath = new Set([...d.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]));
  const rows: Row[] = [];
  const props = (input.properties ?? {}) as Record<string, Schema>;
  const required = new Set((input.required ?? []) as string[]);
  for (const [name, prop] of Object.entries(props)) {
    if (name === 'body') continue;
    const desc = describe(prop);
    rows.push({
      field: name,
      where: inPath.has(name) ? 'path' : 'query',
      type: desc.type,
      bounds: desc.bounds,
      required: required.has(name),
    });
  }
  const rules = d.rules;
  if (rules && !props.body) {
    // A list: the filters the store's validators check (the transport: plain values of at most 200 characters).
    for (const row of objectRows(rules, '', 'query', 'checked by the store')) if (!props[row.field]) rows.push(row);
  }
  const body = props.body;
  if (body) {
    const bodyRequired = required.has('body');
    const partial = body.minProperties === 1 && rules !== undefined;
    if (rules) {
      rows.push({
        field: 'body',
        where: 'body',
        type: 'object',
        bounds: partial ? '1–50 fields: any of these' : '≤ 50 fields',
        required: bodyRequired,
      });
      for (const row of objectRows(rules, 'body.', 'body', 'checked by the write API'))
        rows.push(partial ? { ...row, required: false } : row);
    } else if (body.type === 'object' && body.properties) {
      rows.push(...objectRows(body, 'body.', 'body').map((r) => ({ ...r, required: r.required && bodyRequired })));
    } else {
      const desc = describe(body);
      rows.push({ field: 'body', where: 'body', type: desc.type, bounds: desc.bounds, required: bodyRequired });
    }
  }
  return rows;
}

function resultName(d: Declaration): string {
  const r = d.result as Schema;
  return typeof r.title === 'string' ? r.title : String(r.type);
}

function renderHandlers(): string {
  const out: string[] = [];
  for (const [group, decls] of Object.entries(API_GROUPS)) {
    out.push(`### ${group}`, '');
    for (const [name, d] of Object.entries(decls) as [string, Declaration][]) {
      const statuses = [d.status, ...(d.alsoStatus ?? [])].join(' or ');
      out.push(
        `#### \`${name}\` — \`${d.method} ${d.path}\``,
        '',
        `${d.summary} Answers ${statuses} with \`${resultName(d)}\`${d.cached ? ' (cached)' : ''}.`,
        '',
      );
      const rows = inputRows(d);
      if (rows.length === 0) {
        out.push('No input.', '');
        continue;
      }
      out.push('| field | in | type | bounds | required |', '|---|---|---|---|---|');
      for (const r of rows) out.push(`| \`${r.field}\` | ${r.where} | ${r.type} | ${r.bounds} | ${r.required ? 'yes' : ''} |`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** docs/api.md with the part between the markers replaced by the rendered tables. */
export function withHandlers(doc: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/api.md has no ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n\n${renderHandlers()}\n${doc.slice(end)}`;
}
