/**
 * Deterministic demo books: the same seed (and the same `today`) gives the same rows on every machine.
 * Rows are written in date order straight through prepared statements, in batched transactions, so memory
 * stays constant from a few hundred rows to millions; the schema's triggers keep the rollups current.
 */
import type { Database } from 'better-sqlite3';
import { CATEGORY_CODES, type ExpenseCategory, type InvoiceStatus, type QuoteStatus } from '../core/categories.js';
import { addDays, addMonths, daysBetween, fromDayNumber, todayIn, toDayNumber, type IsoDate } from '../core/dates.js';
import { lineTotal, taxFor } from '../core/money.js';
import { Prng } from '../core/prng.js';
import type { ChangeEvent } from '../store/changes.js';
import { Store } from '../store/store.js';
import {
  CLIENT_FIRST,
  CLIENT_SECOND,
  CLIENT_SUFFIX,
  DEMO_COMPANIES,
  EXPENSE_TEXT,
  SERVICES,
  type DemoCompanySpec,
} from './demo-vocabulary.js';
import { BatchWriter, setNumberSequence } from './batch-writer.js';

export interface DemoOptions {
  companies?: number;
  /** Expenses across all companies. */
  expenses?: number;
  /** Invoices across all companies. */
  invoices?: number;
  seed?: number;
  /** End of the books; defaults to each company's today in its own time zone. */
  today?: IsoDate;
  /** How many months of history, ending today. */
  months?: number;
  /**
   * `small-business` (the default when neither `expenses` nor `invoices` is given): books like a small Malaysian
   * business — tens of thousands of ringgit a month, clients mostly paying on time, a few late payers, SST on some
   * invoices. `scale` (the default whenever a size is given; the bench and CI pass sizes): the large-scale
   * generator, row for row as before.
   */
  profile?: DemoProfile;
  onProgress?: (p: DemoProgress) => void;
}

export interface DemoProgress {
  /** Expense and invoice rows written so far, of `total`. */
  done: number;
  total: number;
}

export interface DemoResult {
  companyIds: number[];
  clients: number;
  quotes: number;
  invoices: number;
  expenses: number;
  duration_ms: number;
}

export type DemoProfile = 'small-business' | 'scale';

export const DEMO_DEFAULTS = { companies: 3, expenses: 30_000, invoices: 3_000, seed: 1, months: 24 } as const;

/** Sizes of the small-business books: per company about 25 invoices and 60 expenses a month over two years. */
export const SMALL_BUSINESS_DEFAULTS = { expenses: 4_500, invoices: 1_800 } as const;

interface ProfileShape {
  /** Unit prices, in major units (log-uniform between the bounds). */
  unitPrice: [number, number];
  /** Line counts 1–4 and their weights. */
  lineWeights: readonly number[];
  /** Whole quantities 1..maxUnits. */
  maxUnits: number;
  /** Share of clients charged SST/GST. */
  taxable: number;
  /** Share of prompt payers, then of slightly late payers (the rest pay very late). */
  prompt: number;
  slightlyLate: number;
  minClients: number;
}

const PROFILES: Record<DemoProfile, ProfileShape> = {
  'small-business': {
    unitPrice: [60, 1500],
    lineWeights: [60, 28, 9, 3],
    maxUnits: 4,
    taxable: 0.4,
    prompt: 0.78,
    slightlyLate: 0.17,
    minClients: 18,
  },
  scale: {
    unitPrice: [40, 4000],
    lineWeights: [45, 30, 15, 10],
    maxUnits: 10,
    taxable: 0.7,
    prompt: 0.6,
    slightlyLate: 0.3,
    minClients: 12,
  },
};

/** Split `n` into `parts` integers that sum to n (earlier parts take the remainder). */
function split(n: number, parts: number): number[] {
  const base = Math.floor(n / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < n - base * parts ? 1 : 0));
}

/** Turn per-day weights into per-day counts summing exactly to n (cumulative rounding, no drift). */
function allocate(n: number, weights: readonly number[]): Int32Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = new Int32Array(weights.length);
  let cum = 0;
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    cum += weights[i]!;
    const upTo = i === weights.length - 1 ? n : Math.floor((n * cum) / total);
    counts[i] = upTo - given;
    given = upTo;
  }
  return counts;
}

function companySpec(i: number): DemoCompanySpec {
  return DEMO_COMPANIES[i] ?? { ...DEMO_COMPANIES[0]!, name: `Demo Company ${i + 1} Sdn Bhd` };
}

interface DemoClient {
  id: number;
  created: IsoDate;
  active: boolean;
  taxable: boolean;
  terms: number;
  /** Typical days past the due date this client pays (0 for prompt payers). */
  lateness: number;
}

/** Mean amount in major units and the spread around it, per category (log-uniform between the bounds). */
const EXPENSE_RANGE: Record<ExpenseCategory, [number, number]> = {
  office_supplies: [5, 400],
  travel: [15, 2500],
  meals: [12, 350],
  utilities: [60, 700],
  rent: [300, 2500],
  marketing: [50, 4000],
  software: [15, 900],
  equipment: [150, 7000],
  professional: [250, 8000],
  insurance: [150, 2500],
  taxes: [30, 4000],
  other: [5, 800],
};
const EXPENSE_WEIGHT: Record<ExpenseCategory, number> = {
  office_supplies: 14,
  travel: 10,
  meals: 20,
  utilities: 3,
  rent: 1,
  marketing: 8,
  software: 6,
  equipment: 4,
  professional: 5,
  insurance: 1,
  taxes: 2,
  other: 6,
};
/** Conference and festive-season months: travel triples. */
const TRAVEL_SPIKE_MONTHS = new Set([3, 8, 11]);

export function generateDemo(target: Database | Store, opts: DemoOptions = {}): DemoResult {
  const started = performance.now();
  const db = target instanceof Store ? target.db : target;
  const nCompanies = opts.companies ?? DEMO_DEFAULTS.companies;
  const profileName: DemoProfile =
    opts.profile ?? (opts.expenses === undefined && opts.invoices === undefined ? 'small-business' : 'scale');
  const profile = PROFILES[profileName];
  const sizes = profileName === 'small-business' ? SMALL_BUSINESS_DEFAULTS : DEMO_DEFAULTS;
  const expenseShares = split(opts.expenses ?? sizes.expenses, nCompanies);
  const invoiceShares = split(opts.invoices ?? sizes.invoices, nCompanies);
  const root = new Prng(opts.seed ?? DEMO_DEFAULTS.seed);
  const total = expenseShares.reduce((a, b) => a + b, 0) + invoiceShares.reduce((a, b) => a + b, 0);
  const writer = new BatchWriter(db, (done) => opts.onProgress?.({ done, total }));
  const result: DemoResult = { companyIds: [], clients: 0, quotes: 0, invoices: 0, expenses: 0, duration_ms: 0 };
  const events: ChangeEvent[] = [];
  try {
    for (let i = 0; i < nCompanies; i++) {
      const spec = companySpec(i);
      const today = opts.today ?? todayIn(spec.time_zone);
      const start = addDays(addMonths(today, -(opts.months ?? DEMO_DEFAULTS.months)), 1);
      const rng = root.fork(i + 1);
      const companyId = writer.insertCompany(spec, `${start}T00:00:00.000Z`);
      result.companyIds.push(companyId);
      const clients = makeClients(writer, rng.fork(1), companyId, spec, start, today, invoiceShares[i]!, profile);
      result.clients += clients.length;
      const docs = makeInvoices(writer, rng.fork(2), companyId, spec, clients, start, today, invoiceShares[i]!, profile);
      result.invoices += docs.invoices;
      result.quotes += docs.quotes;
      result.expenses += makeExpenses(writer, rng.fork(3), companyId, clients, start, today, expenseShares[i]!);
      const earliest = clients[0]?.created ?? start;
      events.push({
        companyId,
        tables: ['companies', 'clients', 'quotes', 'invoices', 'expenses'],
        dates: dayRange(earliest < start ? earliest : start, addDays(today, 60)),
        source: 'demo',
        rows: clients.length + docs.invoices + docs.quotes + expenseShares[i]!,
      });
    }
    writer.finish();
  } catch (e) {
    writer.abort();
    throw e;
  }
  if (target instanceof Store) for (const e of events) target.changes.publish(e);
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}

function dayRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let n = toDayNumber(from), end = toDayNumber(to); n <= end; n++) out.push(fromDayNumber(n));
  return out;
}

function makeClients(
  w: BatchWriter,
  rng: Prng,
  companyId: number,
  spec: DemoCompanySpec,
  start: IsoDate,
  today: IsoDate,
  invoices: number,
  profile: ProfileShape,
): DemoClient[] {
  const n = Math.max(profile.minClients, Math.min(3000, Math.round(invoices / 120)));
  const span = daysBetween(start, today);
  const used = new Set<string>();
  const drafts: { name: string; created: IsoDate; active: boolean }[] = [];
  for (let k = 0; k < n; k++) {
    let name = `${rng.pick(CLIENT_FIRST)} ${rng.pick(CLIENT_SECOND)} ${rng.pick(CLIENT_SUFFIX)}`;
    for (let suffix = 2; used.has(name.toLowerCase()); suffix++) name = `${name.replace(/ \(\d+\)$/, '')} (${suffix})`;
    used.add(name.toLowerCase());
    // Most clients predate the books; the rest arrive over time (the first one always predates them).
    const created = k === 0 || rng.chance(0.6) ? addDays(start, -rng.int(1, 400)) : addDays(start, rng.int(0, span));
    drafts.push({ name, created, active: rng.chance(0.85) });
  }
  drafts.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0));
  return drafts.map((d) => {
    const slug = d.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '.')
      .replace(/^\.|\.$/g, '');
    const phone = `${spec.phonePrefix}${rng.int(0, 9)}-${rng.int(100, 999)} ${rng.int(1000, 9999)}`;
    const id = w.insertClient(
      companyId,
      d.name,
      rng.chance(0.9) ? `accounts@${slug}.${spec.emailDomain}` : null,
      phone,
      d.active,
      d.created,
    );
    const r = rng.next();
    return {
      id,
      created: d.created,
      active: d.active,
      taxable: rng.chance(profile.taxable),
      terms: rng.pick([14, 30, 30, 45]),
      lateness: r < profile.prompt ? 0 : r < profile.prompt + profile.slightlyLate ? rng.int(3, 20) : rng.int(20, 75),
    };
  });
}

/** Index of the last client created on or before `day` (clients are sorted by created date). */
class ClientWindow {
  private available = 0;
  constructor(private readonly clients: readonly DemoClient[]) {}

  pick(rng: Prng, day: IsoDate): DemoClient {
    while (this.available < this.clients.length && this.clients[this.available]!.created <= day) this.available++;
    const n = Math.max(1, this.available);
    let c = this.clients[rng.int(0, n - 1)]!;
    // Inactive clients still have history, just less of it.
    if (!c.active && rng.chance(0.7)) c = this.clients[rng.int(0, n - 1)]!;
    return c;
  }
}

interface Line {
  description: string;
  quantityMilli: number;
  unitPrice: number;
  total: number;
}

function makeLines(rng: Prng, profile: ProfileShape): Line[] {
  const count = rng.weighted([1, 2, 3, 4], profile.lineWeights);
  const lines: Line[] = [];
  for (let k = 0; k < count; k++) {
    const quantityMilli = rng.chance(0.25) ? rng.int(1, 16) * 500 : rng.int(1, profile.maxUnits) * 1000;
    const unitPrice = Math.round(rng.logUniform(profile.unitPrice[0], profile.unitPrice[1])) * 100;
    lines.push({ description: rng.pick(SERVICES), quantityMilli, unitPrice, total: lineTotal(quantityMilli, unitPrice) });
  }
  return lines;
}

function makeInvoices(
  w: BatchWriter,
  rng: Prng,
  companyId: number,
  spec: DemoCompanySpec,
  clients: readonly DemoClient[],
  start: IsoDate,
  today: IsoDate,
  n: number,
  profile: ProfileShape,
): { invoices: number; quotes: number } {
  const days = daysBetween(start, today) + 1;
  const startDay = toDayNumber(start);
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = (((startDay + d + 3) % 7) + 7) % 7; // 0 = Monday
    const growth = 0.8 + (0.4 * d) / days;
    const monthEnd = fromDayNumber(startDay + d).slice(8) >= '25' ? 1.4 : 1;
    weights.push((weekday >= 5 ? 0.15 : 1) * growth * monthEnd);
  }
  const counts = allocate(n, weights);
  const window = new ClientWindow(clients);
  const invoiceSeq = new Map<string, number>();
  const quoteSeq = new Map<string, number>();
  const next = (seq: Map<string, number>, day: IsoDate) => {
    const year = day.slice(0, 4);
    const v = (seq.get(year) ?? 0) + 1;
    seq.set(year, v);
    return `${year}-${String(v).padStart(4, '0')}`;
  };
  let quotes = 0;
  for (let d = 0; d < days; d++) {
    const issue = fromDayNumber(startDay + d);
    for (let k = 0; k < counts[d]!; k++) {
      const client = window.pick(rng, issue);
      const lines = makeLines(rng, profile);
      const subtotal = lines.reduce((a, l) => a + l.total, 0);
      const rate = client.taxable ? spec.taxRateBp : 0;
      const tax = taxFor(subtotal, rate);
      const due = addDays(issue, client.terms);
      const { status, paid } = invoiceFate(rng, client, issue, due, today);
      const invoiceId = w.insertInvoice(
        companyId,
        `INV-${next(invoiceSeq, issue)}`,
        client.id,
        status,
        issue,
        due,
        paid,
        subtotal,
        rate,
        tax,
        lines,
      );
      // About a fifth of invoices came from an approved quote a few days earlier.
      if (rng.chance(0.2)) {
        const qIssue = addDays(issue, -rng.int(2, 14));
        w.insertQuote(
          companyId,
          `QT-${next(quoteSeq, qIssue)}`,
          client.id,
          'approved',
          qIssue,
          addDays(qIssue, 30),
          subtotal,
          rate,
          tax,
          lines,
          invoiceId,
        );
        quotes++;
      }
      // Other quotes that did not (or not yet) become invoices.
      if (rng.chance(0.12)) {
        const qLines = makeLines(rng, profile);
        const qSub = qLines.reduce((a, l) => a + l.total, 0);
        const validUntil = addDays(issue, 30);
        const qStatus: QuoteStatus =
          validUntil >= today ? rng.pick(['draft', 'sent', 'sent', 'approved']) : rng.pick(['declined', 'expired', 'expired']);
        w.insertQuote(
          companyId,
          `QT-${next(quoteSeq, issue)}`,
          client.id,
          qStatus,
          issue,
          validUntil,
          qSub,
          rate,
          taxFor(qSub, rate),
          qLines,
          null,
        );
        quotes++;
      }
    }
  }
  for (const [year, last] of invoiceSeq) setNumberSequence(w.db, companyId, 'INV', Number(year), last);
  for (const [year, last] of quoteSeq) setNumberSequence(w.db, companyId, 'QT', Number(year), last);
  return { invoices: n, quotes };
}

/** Most invoices are paid (some late), a few stay open past due, a few are drafts or cancelled. */
function invoiceFate(
  rng: Prng,
  client: DemoClient,
  issue: IsoDate,
  due: IsoDate,
  today: IsoDate,
): { status: InvoiceStatus; paid: IsoDate | null } {
  const age = daysBetween(issue, today);
  if (age <= 2) return { status: rng.weighted(['draft', 'sent', 'viewed'] as const, [4, 4, 2]), paid: null };
  const r = rng.next();
  if (r < 0.03) return { status: 'cancelled', paid: null };
  if (r < 0.04 && age < 45) return { status: 'draft', paid: null };
  const neverPays = r > 0.975;
  const delay =
    client.lateness === 0 ? rng.int(1, Math.max(1, daysBetween(issue, due))) : daysBetween(issue, due) + rng.int(1, client.lateness * 2);
  const paidOn = addDays(issue, delay);
  if (!neverPays && paidOn <= today) return { status: 'paid', paid: paidOn };
  return { status: rng.chance(0.5) ? 'viewed' : 'sent', paid: null };
}

interface Recurring {
  day: number;
  category: ExpenseCategory;
  description: string;
  /** Amount in major units for the first year; later years grow a little. */
  base: number;
  /** Months it falls in (1–12); empty = every month. */
  months: readonly number[];
}

function recurringFor(rng: Prng): Recurring[] {
  const every: number[] = [];
  return [
    { day: 1, category: 'rent', description: 'Office rent', base: rng.int(25, 80) * 100, months: every },
    { day: 7, category: 'utilities', description: 'Electricity', base: rng.int(250, 600), months: every },
    { day: 9, category: 'utilities', description: 'Internet (fibre)', base: 199, months: every },
    { day: 12, category: 'software', description: 'Accounting software', base: 129, months: every },
    { day: 12, category: 'software', description: 'Microsoft 365', base: 98, months: every },
    { day: 20, category: 'software', description: 'Cloud storage', base: 45, months: every },
    { day: 15, category: 'insurance', description: 'Business insurance', base: rng.int(600, 1500), months: [1, 4, 7, 10] },
    { day: 28, category: 'taxes', description: 'Corporate tax instalment', base: rng.int(1500, 6000), months: [3, 6, 9, 12] },
    { day: 18, category: 'professional', description: 'Audit fee', base: rng.int(4000, 9000), months: [12] },
    { day: 22, category: 'other', description: 'Year-end dinner', base: rng.int(1500, 4000), months: [12] },
  ];
}

function makeExpenses(
  w: BatchWriter,
  rng: Prng,
  companyId: number,
  clients: readonly DemoClient[],
  start: IsoDate,
  today: IsoDate,
  n: number,
): number {
  const days = daysBetween(start, today) + 1;
  const startDay = toDayNumber(start);
  const recurring = recurringFor(rng);
  const dueOn = (date: IsoDate) => {
    const month = Number(date.slice(5, 7));
    const dom = Number(date.slice(8, 10));
    return recurring.filter((r) => r.day === dom && (r.months.length === 0 || r.months.includes(month)));
  };
  let recurringCount = 0;
  for (let d = 0; d < days; d++) recurringCount += dueOn(fromDayNumber(startDay + d)).length;
  // A tiny demo keeps as many fixed bills as fit; the rest of the budget is day-to-day spending.
  let recurringBudget = Math.min(recurringCount, n);
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const date = fromDayNumber(startDay + d);
    const weekday = (((startDay + d + 3) % 7) + 7) % 7;
    const month = Number(date.slice(5, 7));
    const season = 1 + 0.15 * Math.sin(((month - 1) / 12) * 2 * Math.PI) + (month === 12 ? 0.3 : 0);
    weights.push((weekday >= 5 ? 0.3 : 1) * season);
  }
  const counts = allocate(n - recurringBudget, weights);
  const window = new ClientWindow(clients);
  const normalWeights = CATEGORY_CODES.map((c) => EXPENSE_WEIGHT[c]);
  const spikeWeights = CATEGORY_CODES.map((c) => EXPENSE_WEIGHT[c] * (c === 'travel' ? 3 : 1));
  for (let d = 0; d < days; d++) {
    const date = fromDayNumber(startDay + d);
    const yearsIn = Math.floor(d / 365);
    if (recurringBudget > 0) {
      for (const r of dueOn(date)) {
        if (recurringBudget-- <= 0) break;
        const amount = Math.round(r.base * (1 + 0.05 * yearsIn) * (r.category === 'utilities' ? 0.8 + rng.next() * 0.4 : 1) * 100);
        w.insertExpense(companyId, date, r.category, r.description, amount, false, null);
      }
    }
    const month = Number(date.slice(5, 7));
    const catWeights = TRAVEL_SPIKE_MONTHS.has(month) ? spikeWeights : normalWeights;
    for (let k = 0; k < counts[d]!; k++) {
      const category = rng.weighted(CATEGORY_CODES, catWeights);
      const [lo, hi] = EXPENSE_RANGE[category];
      const amount = Math.round(rng.logUniform(lo, hi) * 100);
      const clientFacing = category === 'travel' || category === 'meals';
      const reimbursable = rng.chance(clientFacing ? 0.35 : 0.05);
      const clientId = clientFacing && rng.chance(0.2) ? window.pick(rng, date).id : null;
      w.insertExpense(companyId, date, category, rng.pick(EXPENSE_TEXT[category]), amount, reimbursable, clientId);
    }
  }
  return n;
}
