import type { IsoDate } from '../dates.js';
import { FieldReader, requireSomeField } from './fields.js';
import { LIMITS } from './limits.js';

export interface ClientFields {
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  created_date: IsoDate;
}

export type ClientPatch = Partial<ClientFields>;

const FIELDS = ['name', 'email', 'phone', 'active', 'created_date'] as const;

function read(input: unknown, required: boolean): ClientPatch {
  const f = new FieldReader(input, FIELDS);
  return {
    name: f.text('name', LIMITS.nameLength, { required }),
    email: f.nullableText('email', LIMITS.emailLength),
    phone: f.nullableText('phone', LIMITS.phoneLength),
    active: f.bool('active'),
    created_date: f.date('created_date'),
  };
}

/** `today` fills created_date when the input leaves it out. */
export function validateNewClient(input: unknown, today: IsoDate): ClientFields {
  const p = read(input, true);
  return { name: p.name!, email: p.email ?? null, phone: p.phone ?? null, active: p.active ?? true, created_date: p.created_date ?? today };
}

export function validateClientPatch(input: unknown): ClientPatch {
  const p = read(input, false);
  requireSomeField(p, 'input');
  return p;
}
