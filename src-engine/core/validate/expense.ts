import { CATEGORY_CODES, type ExpenseCategory } from '../categories.js';
import type { IsoDate } from '../dates.js';
import { FieldReader, requireSomeField } from './fields.js';
import { LIMITS } from './limits.js';

export interface ExpenseFields {
  date: IsoDate;
  category: ExpenseCategory;
  description: string;
  amount: number;
  reimbursable: boolean;
  client_id: number | null;
}

export type ExpensePatch = Partial<ExpenseFields>;

const FIELDS = ['date', 'category', 'description', 'amount', 'reimbursable', 'client_id'] as const;

function read(input: unknown, required: boolean): ExpensePatch {
  const f = new FieldReader(input, FIELDS);
  return {
    date: f.date('date', { required }),
    category: f.oneOf('category', CATEGORY_CODES, { required }),
    description: f.text('description', LIMITS.descriptionLength, { allowEmpty: true, multiline: true }),
    amount: f.amount('amount', { required }),
    reimbursable: f.bool('reimbursable'),
    client_id: f.nullableId('client_id'),
  };
}

export function validateNewExpense(input: unknown): ExpenseFields {
  const p = read(input, true);
  return {
    date: p.date!,
    category: p.category!,
    description: p.description ?? '',
    amount: p.amount!,
    reimbursable: p.reimbursable ?? false,
    client_id: p.client_id ?? null,
  };
}

export function validateExpensePatch(input: unknown): ExpensePatch {
  const p = read(input, false);
  requireSomeField(p, 'input');
  return p;
}
