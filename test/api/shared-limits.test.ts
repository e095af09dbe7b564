/**
 * One limits module: a bound the API declares and the one the code behind it checks are the same number
 * (core/validate/limits.ts), so the API never accepts what the importer then refuses, nor the reverse.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src-engine/core/errors.js';
import { LIMITS } from '../../src-engine/core/validate/limits.js';
import { listMappings, saveMapping } from '../../src-engine/data/import/saved-mappings.js';
import { BANK_CSV_MAPPING } from '../../src-engine/data/import/write-statements.js';
import { validateInput } from '../../src-engine/service/api/validate.js';
import { startFixture, type Fixture } from '../service/helpers.js';

describe('a saved mapping name', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  const longest = 'm'.repeat(LIMITS.mappingNameLength);
  const tooLong = longest + 'm';

  it('is bounded by the same length in the declaration and in the store', () => {
    const input = (name: string) => ({ company: f.ids.a, body: { name, mapping: BANK_CSV_MAPPING } });
    expect(validateInput('import.saveMapping', input(longest))).toMatchObject({ body: { name: longest } });
    expect(() => validateInput('import.saveMapping', input(tooLong))).toThrow(/name must NOT have more than/);

    expect(saveMapping(f.server.store, f.ids.a, longest, BANK_CSV_MAPPING).name).toBe(longest);
    expect(listMappings(f.server.store.db, f.ids.a).map((m) => m.name)).toContain(longest);
    expect(() => saveMapping(f.server.store, f.ids.a, tooLong, BANK_CSV_MAPPING)).toThrow(ValidationError);
    expect(() => saveMapping(f.server.store, f.ids.a, tooLong, BANK_CSV_MAPPING)).toThrow(`1–${LIMITS.mappingNameLength} letters`);
  });

  it('bounds the preview rows and the inline mapping text from the same module', () => {
    expect(validateInput('import.preview', { company: 1, body: 'a', rows: LIMITS.previewRows })).toMatchObject({
      rows: LIMITS.previewRows,
    });
    expect(() => validateInput('import.preview', { company: 1, body: 'a', rows: LIMITS.previewRows + 1 })).toThrow(/rows must be <=/);
    expect(() => validateInput('import.preview', { company: 1, body: 'a', mapping: 'x'.repeat(LIMITS.mappingJsonLength + 1) })).toThrow(
      /mapping must NOT have more than/,
    );
  });
});
