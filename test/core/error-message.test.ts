import { describe, expect, it } from 'vitest';
import { errorMessage, ValidationError } from '../../src-engine/core/errors.js';

describe('errorMessage', () => {
  it("is an Error's message, and anything else thrown as a string", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(new ValidationError('bad date', { field: 'date' }))).toBe('bad date');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
