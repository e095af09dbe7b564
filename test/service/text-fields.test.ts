/** Text fields refuse C0 control and bidi override/isolate characters with a 400 naming the field (HTTP and the store). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldReader, textProblem } from '../../src-engine/core/validate/fields.js';
import { startFixture, type Fixture } from './helpers.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(() => f.close());

const send = (method: string, path: string, body: unknown) =>
  fetch(f.server.url + path, {
    method,
    headers: { authorization: `Bearer ${f.server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

type ErrorBody = { error: { code: string; message: string; details: { field?: string } } };

describe('text fields over HTTP', () => {
  const expense = (description: string) => ({ date: '2024-03-15', category: 'meals', description, amount: 100 });

  for (const [label, bad] of [
    ['a bell (U+0007)', 'ring\u0007'],
    ['a lone carriage return', 'over\rwrite'],
    ['a vertical tab', 'v\u000btab'],
    ['an escape (U+001B)', '\u001b[31mred'],
    ['a right-to-left override (U+202E)', 'invoice\u202Efdp.exe'],
    ['a first-strong isolate (U+2068)', 'x\u2068y'],
    ['a pop directional isolate (U+2069)', 'x\u2069y'],
  ] as const) {
    it(`refuses ${label} in an expense description with 400 and details.field`, async () => {
      const r = await send('POST', `/api/expenses?company=${f.ids.a}`, expense(bad));
      expect(r.status).toBe(400);
      const body = (await r.json()) as ErrorBody;
      expect(body.error.details.field).toBe('description');
      expect(body.error.message).toMatch(/^description must not contain/);
    });
  }

  it('accepts tab and line breaks in a description, refuses them in a client name, and refuses bidi in a client name', async () => {
    expect((await send('POST', `/api/expenses?company=${f.ids.a}`, expense('a\tb'))).status).toBe(201);
    expect((await send('POST', `/api/expenses?company=${f.ids.a}`, expense('two\nlines\r\nthree'))).status).toBe(201);
    const lf = await send('POST', `/api/clients?company=${f.ids.a}`, { name: 'Acme\nBhd' });
    expect(lf.status).toBe(400);
    const tab = await send('POST', `/api/clients?company=${f.ids.a}`, { name: 'Acme\tBhd' });
    expect(tab.status).toBe(400);
    expect(((await tab.json()) as ErrorBody).error.details.field).toBe('name');
    const bidi = await send('POST', `/api/clients?company=${f.ids.a}`, { name: 'Acme\u202DBhd' });
    expect(bidi.status).toBe(400);
    expect(((await bidi.json()) as ErrorBody).error.details.field).toBe('name');
    expect((await send('POST', `/api/clients?company=${f.ids.a}`, { name: 'Acme Bhd — عربي' })).status).toBe(201);
  });

  it('refuses the characters in a patch too', async () => {
    const created = (await (await send('POST', `/api/expenses?company=${f.ids.a}`, expense('fine'))).json()) as { id: number };
    const r = await send('PATCH', `/api/expenses/${created.id}?company=${f.ids.a}`, { description: 'x\u202Ay' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as ErrorBody).error.details.field).toBe('description');
  });
});

describe('CSV import over HTTP', () => {
  it('reports control and bidi characters by line, and a description over the API limit is a line error, not a 500', async () => {
    const csv =
      'date,category,description,amount,reimbursable\n' +
      '2024-03-02,travel,fine,1.00,false\n' +
      '2024-03-02,travel,evil\u202Efdp.exe,1.00,false\n' +
      `2024-03-02,travel,${'x'.repeat(1000)},1.00,false\n` +
      '2024-03-02,travel,bell\u0007,1.00,false\n';
    const r = await fetch(`${f.server.url}/api/import/expenses?company=${f.ids.a}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.server.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const text = await r.text();
    expect(r.status, text).toBeGreaterThanOrEqual(200);
    expect(r.status, text).toBeLessThan(500);
    const body = JSON.parse(text) as {
      imported?: number;
      errors?: { line: number; column: string; reason: string }[];
      error?: { details: { errors?: { line: number; column: string }[] } };
    };
    const errors = body.errors ?? body.error?.details.errors ?? [];
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'description'],
      [4, 'description'],
      [5, 'description'],
    ]);
    expect(body.imported ?? 0).toBe(0);
  });
});

describe('textProblem and FieldReader.text', () => {
  it('names the character and its position', () => {
    expect(textProblem('ab\u0000')).toMatch(/U\+0000 at position 3/);
    expect(textProblem('\u007f')).toMatch(/control characters \(U\+007F/);
    expect(textProblem('a\tb')).toMatch(/U\+0009/);
    expect(textProblem('a\tb\nc\r\nd', { multiline: true })).toBeUndefined();
    expect(textProblem('a\rb', { multiline: true })).toMatch(/U\+000D at position 2/);
    expect(textProblem('a\u000cb', { multiline: true })).toMatch(/U\+000C/);
    expect(textProblem('a\nb')).toMatch(/U\+000A/);
    expect(textProblem('\u202B')).toMatch(/bidirectional/);
    expect(textProblem('\u200F RLM and ZWJ \u200D are ordinary text')).toBeUndefined();
  });

  it('prefixes nested field names', () => {
    expect(() => new FieldReader({ description: 'a\u2067' }, ['description'], 'lines[2].').text('description', 10)).toThrow(
      expect.objectContaining({ kind: 'invalid', details: { field: 'lines[2].description' } }),
    );
  });
});
