/** Caps on what one write may hold, so a single request can never ask for unbounded storage or work. */
export const LIMITS = {
  maxLines: 200,
  nameLength: 200,
  emailLength: 320,
  phoneLength: 50,
  descriptionLength: 500,
  /** Invoice numbers written by hand or imported (`INV-2025-0042`). */
  documentNumberLength: 40,
  maxPageSize: 100,
  defaultPageSize: 50,
  maxPage: 1_000_000,
  /** Default payment term and quote validity when the input leaves the date out. */
  defaultTermDays: 30,
} as const;
