import { isValidTimeZone } from '../dates.js';
import { FieldReader, invalid } from './fields.js';
import { LIMITS } from './limits.js';

export interface NewCompany {
  name: string;
  currency: string;
  time_zone: string;
}

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function validateNewCompany(input: unknown): NewCompany {
  const f = new FieldReader(input, ['name', 'currency', 'time_zone']);
  const name = f.text('name', LIMITS.nameLength, { required: true })!;
  const currency = (f.text('currency', 3) ?? 'MYR').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !CURRENCIES.has(currency))
    throw invalid('currency', 'must be an ISO 4217 currency code such as MYR', currency);
  const time_zone = f.text('time_zone', 64) ?? 'Asia/Kuala_Lumpur';
  if (!isValidTimeZone(time_zone)) throw invalid('time_zone', 'must be an IANA time zone such as Asia/Kuala_Lumpur', time_zone);
  return { name, currency, time_zone };
}
