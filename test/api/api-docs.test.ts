import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API } from '../../src-engine/core/api/index.js';
import { REGENERATE, inputRows, withHandlers } from './api-docs.js';
import { routesFile } from './routes-file.js';

const DOC = new URL('../../docs/api.md', import.meta.url);
const ROUTES_FILE = new URL('../../src-engine/core/api/routes.ts', import.meta.url);

describe('src-engine/core/api/routes.ts, the route table of the page', () => {
  it('is the one the declarations render', () => {
    const file = readFileSync(ROUTES_FILE, 'utf8');
    const expected = routesFile();
    if (process.env.UPDATE_API_DOCS === '1' && expected !== file) writeFileSync(ROUTES_FILE, expected);
    else expect(file === expected, `src-engine/core/api/routes.ts is out of date with the declarations: run ${REGENERATE}`).toBe(true);
  });
});

describe('docs/api.md handler tables', () => {
  it('are the ones the contract renders', () => {
    const doc = readFileSync(DOC, 'utf8');
    const expected = withHandlers(doc);
    if (process.env.UPDATE_API_DOCS === '1' && expected !== doc) writeFileSync(DOC, expected);
    else expect(doc === expected, `docs/api.md is out of date with src-engine/core/api/: run ${REGENERATE}`).toBe(true);
  });

  it('list every input field with its bounds', () => {
    const trends = inputRows(API['dashboard.trends']);
    expect(trends.find((r) => r.field === 'periods')).toEqual({
      field: 'periods',
      where: 'query',
      type: 'integer',
      bounds: '1–120',
      required: false,
    });
    const update = inputRows(API['clients.update']);
    expect(update.find((r) => r.field === 'id')).toMatchObject({ where: 'path', required: true });
    expect(update.find((r) => r.field === 'body.name')).toMatchObject({ bounds: '1–200 chars; checked by the write API', required: false });
    const match = inputRows(API['import.match']);
    expect(match.map((r) => r.field)).toEqual(['company', 'body.invoice_id', 'body.date', 'body.amount', 'body.key']);
  });
});
