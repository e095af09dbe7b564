/** One enum check (core/validate/fields.ts oneOf): the same "must be one of …" wording for fields, query parameters and CLI flags. */
import { describe, expect, it } from 'vitest';
import { choiceFlag, UsageError } from '../../src-engine/cli/command.js';
import { ValidationError } from '../../src-engine/core/errors.js';
import { FieldReader, isOneOf, oneOf } from '../../src-engine/core/validate/fields.js';
import { enumParam } from '../../src-engine/dashboard/params.js';
import { thrown } from '../helpers/thrown.js';

const COLOURS = ['red', 'green', 'blue'] as const;

describe('oneOf', () => {
  it('returns the value when it is allowed, narrowed to the union', () => {
    const c: 'red' | 'green' | 'blue' = oneOf('colour', 'green', COLOURS);
    expect(c).toBe('green');
    expect(isOneOf('blue', COLOURS)).toBe(true);
    expect(isOneOf('Blue', COLOURS)).toBe(false);
    expect(isOneOf(1, COLOURS)).toBe(false);
  });

  it('refuses anything else as an invalid field, naming the field and the value', () => {
    for (const bad of ['purple', '', 3, null]) {
      const e = thrown(() => oneOf('colour', bad, COLOURS));
      expect(e).toBeInstanceOf(ValidationError);
      expect(e).toMatchObject({
        message: 'colour must be one of red, green, blue',
        code: 'invalid_field',
        details: { field: 'colour', value: bad },
      });
    }
  });

  it('words a body field, a query parameter and a CLI flag the same way', () => {
    const field = thrown(() => new FieldReader({ colour: 'purple' }, ['colour']).oneOf('colour', COLOURS));
    const param = thrown(() => enumParam({ colour: ' purple ' }, 'colour', COLOURS));
    const flag = thrown(() => choiceFlag('purple', COLOURS, 'colour'));
    expect(field).toMatchObject({ message: 'colour must be one of red, green, blue', details: { field: 'colour', value: 'purple' } });
    expect(param).toMatchObject({
      message: 'colour must be one of red, green, blue',
      code: 'invalid_parameter',
      details: { param: 'colour', value: ' purple ' },
    });
    expect(flag).toBeInstanceOf(UsageError);
    expect((flag as Error).message).toBe('--colour must be one of red, green, blue, not "purple"');
  });

  it('lets a query parameter and a flag be absent, and trims a parameter', () => {
    expect(enumParam({}, 'colour', COLOURS)).toBeUndefined();
    expect(enumParam({ colour: ' red ' }, 'colour', COLOURS)).toBe('red');
    expect(choiceFlag(undefined, COLOURS, 'colour', 'blue')).toBe('blue');
    expect(() => choiceFlag(undefined, COLOURS, 'colour')).toThrow('--colour is required (one of red, green, blue)');
  });
});
