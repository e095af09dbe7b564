/** The twelve expense categories (code → label), exactly as the API contract fixes them. */
export const EXPENSE_CATEGORIES = {
  office_supplies: 'Office Supplies',
  travel: 'Travel & Transportation',
  meals: 'Meals & Entertainment',
  utilities: 'Utilities',
  rent: 'Rent & Facilities',
  marketing: 'Marketing & Advertising',
  software: 'Software & Subscriptions',
  equipment: 'Equipment & Hardware',
  professional: 'Professional Services',
  insurance: 'Insurance',
  taxes: 'Taxes & Fees',
  other: 'Other',
} as const;

export type ExpenseCategory = keyof typeof EXPENSE_CATEGORIES;
export const CATEGORY_CODES = Object.keys(EXPENSE_CATEGORIES) as ExpenseCategory[];

/** Accept a code or a label, case-insensitively ("travel", "Travel & Transportation"). */
export function categoryFromText(text: string): ExpenseCategory | undefined {
  const t = text.trim().toLowerCase();
  for (const code of CATEGORY_CODES) {
    if (code === t || EXPENSE_CATEGORIES[code].toLowerCase() === t) return code;
  }
  return undefined;
}

export const INVOICE_STATUSES = ['draft', 'sent', 'viewed', 'paid', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Allowed status moves; `paid` and `cancelled` are final. */
export const INVOICE_TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  draft: ['sent', 'cancelled'],
  sent: ['viewed', 'paid', 'cancelled'],
  viewed: ['paid', 'cancelled'],
  paid: [],
  cancelled: [],
};

/** Invoices that are owed: sent or viewed. */
export function isOpen(status: InvoiceStatus): boolean {
  return status === 'sent' || status === 'viewed';
}

export const QUOTE_STATUSES = ['draft', 'sent', 'approved', 'declined', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];
