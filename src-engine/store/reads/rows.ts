/** SQLite rows → domain objects (booleans from 0/1, quantities from thousandths). */
import type { Client, DocumentLine, Expense } from '../../core/domain.js';
import type { ExpenseCategory } from '../../core/categories.js';
import { QUANTITY_SCALE } from '../../core/money.js';

export interface ClientRow extends Omit<Client, 'active'> {
  active: 0 | 1;
}

export interface ExpenseRow extends Omit<Expense, 'reimbursable' | 'category'> {
  category: string;
  reimbursable: 0 | 1;
}

export interface LineRow {
  id: number;
  parent_id: number;
  description: string;
  quantity_milli: number;
  unit_price: number;
  line_total: number;
}

export function toClient(r: ClientRow): Client {
  return { ...r, active: r.active === 1 };
}

export function toExpense(r: ExpenseRow): Expense {
  return { ...r, category: r.category as ExpenseCategory, reimbursable: r.reimbursable === 1 };
}

export function toLine(r: LineRow): DocumentLine {
  return {
    id: r.id,
    description: r.description,
    quantity: r.quantity_milli / QUANTITY_SCALE,
    unit_price: r.unit_price,
    line_total: r.line_total,
  };
}

/** `WHERE` builder: conditions and their named parameters, joined with AND. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};

  add(sql: string, params: Record<string, unknown> = {}): this {
    this.parts.push(sql);
    Object.assign(this.params, params);
    return this;
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
