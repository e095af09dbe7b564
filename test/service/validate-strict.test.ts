/**
 * No type coercion in request validation (issue 11, item 5): parameters that arrive as text are converted
 * strictly per schema in one place; JSON bodies are validated exactly as sent.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src-engine/core/errors.js';
import { paramsFromText, validateInput } from '../../src-engine/service/api/validate.js';

const refused = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
};

describe('parameters from text', () => {
  it('converts an integer only from digits (with an optional minus sign)', () => {
    expect(validateInput('bench.list', { limit: '7' })).toEqual({ limit: 7 });
    expect(validateInput('dashboard.trends', { company: '3', periods: '12' })).toEqual({ company: 3, periods: 12 });
    for (const text of ['7.0', ' 7', '7 ', '1e2', '0x10', '+7', '', 'seven', '7abc']) {
      const e = refused(() => validateInput('bench.list', { limit: text }));
      expect(e.details, text).toEqual({ param: 'limit' });
      expect(e.message, text).toBe('limit must be integer');
    }
  });

  it('leaves a string parameter as text and a typed IPC value as it is', () => {
    expect(validateInput('dashboard.overview', { company: 1, from: '2026-01-01' })).toEqual({ company: 1, from: '2026-01-01' });
    expect(paramsFromText('clients.list', { company: '2', status: '1' })).toEqual({ company: 2, status: '1' });
  });

  it('converts a boolean only from "true" or "false" (schema without booleans here: nothing else changes)', () => {
    expect(paramsFromText('bench.start', { body: { quick: 'true' } })).toEqual({ body: { quick: 'true' } });
  });
});

describe('JSON bodies are never coerced', () => {
  it('refuses "allow_remote": "true" naming the field', () => {
    const e = refused(() =>
      validateInput('bench.start', { body: { target: { kind: 'url', base_url: 'http://192.0.2.1/', allow_remote: 'true' } } }),
    );
    expect(e.details).toEqual({ field: 'target.allow_remote' });
    expect(e.message).toBe('target.allow_remote must be boolean');
  });

  it('refuses numbers and booleans written as strings', () => {
    expect(refused(() => validateInput('bench.start', { body: { users: '5' } })).details).toEqual({ field: 'users' });
    expect(refused(() => validateInput('bench.start', { body: { quick: 'true' } })).details).toEqual({ field: 'quick' });
    expect(refused(() => validateInput('bench.start', { body: { quick: 1 } })).details).toEqual({ field: 'quick' });
    expect(refused(() => validateInput('bench.start', { body: { rate: '10' } })).details).toEqual({ field: 'rate' });
    expect(validateInput('bench.start', { body: { users: 5, quick: true, rate: 10 } })).toEqual({
      body: { users: 5, quick: true, rate: 10 },
    });
  });
});
