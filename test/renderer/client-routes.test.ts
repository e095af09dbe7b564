import { describe, expect, it } from 'vitest';
import { planHttpRequest } from '../../src-renderer/src/client/routes.js';
import { tokenFromFragment } from '../../src-renderer/src/client/token.js';
import { toApiError } from '../../src-renderer/src/client/types.js';

describe('HTTP requests are derived from the route table', () => {
  it('GET views carry their input as query parameters', () => {
    expect(planHttpRequest('dashboard.overview', { company: 2, from: '2024-01-01', to: '2024-01-31', basis: 'cash' })).toEqual({
      method: 'GET',
      url: '/api/dashboard/overview?company=2&from=2024-01-01&to=2024-01-31&basis=cash',
      body: undefined,
    });
  });
  it('fills :id, keeps company in the query and sends body as JSON', () => {
    const p = planHttpRequest('expenses.update', { company: 1, id: 42, body: { amount: 500 } });
    expect(p).toEqual({ method: 'PATCH', url: '/api/expenses/42?company=1', body: '{"amount":500}' });
  });
  it('omits undefined parameters and refuses a missing :id', () => {
    expect(planHttpRequest('expenses.list', { company: 1, q: undefined }).url).toBe('/api/expenses?company=1');
    expect(() => planHttpRequest('invoices.status', { company: 1 })).toThrow(/missing path parameter id/);
  });
});

describe('benchmark routes come from the one registry', () => {
  it('plans start, get and cancel from the contract ROUTES', () => {
    expect(planHttpRequest('bench.start', { body: { suite: 'default', quick: true } })).toEqual({
      method: 'POST',
      url: '/api/bench/runs',
      body: '{"suite":"default","quick":true}',
    });
    expect(planHttpRequest('bench.get', { id: 'run-3' }).url).toBe('/api/bench/runs/run-3');
    expect(planHttpRequest('bench.cancel', { id: 7 })).toEqual({ method: 'POST', url: '/api/bench/runs/7/cancel', body: undefined });
    expect(planHttpRequest('bench.list', { limit: 20 }).url).toBe('/api/bench/runs?limit=20');
  });
});

describe('token and errors', () => {
  it('reads the token from the fragment only', () => {
    expect(tokenFromFragment('#token=abc123')).toBe('abc123');
    expect(tokenFromFragment('#x=1&token=t%2Bz')).toBe('t+z');
    expect(tokenFromFragment('')).toBeNull();
  });
  it("keeps the server's readable message", () => {
    const e = toApiError({
      status: 400,
      body: { error: { code: 'validation', message: 'from must be a calendar date', details: { param: 'from' } } },
    });
    expect([e.status, e.code, e.message, e.details.param]).toEqual([400, 'validation', 'from must be a calendar date', 'from']);
    expect(toApiError({ status: 502, body: 'Bad gateway' }).message).toBe('Request failed with status 502');
  });
});
