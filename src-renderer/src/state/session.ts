/** Session: the client, the companies, and what the user is looking at (company, range, basis, view). */
import { create } from 'zustand';
import type { Company, Basis } from '../../../src-engine/core/domain.js';
import type { KiraClient } from '../client/client.js';
import { presetRange, todayInZone, type DateRange, type Preset } from '../format/ranges.js';

export type ViewId = 'dashboard' | 'clients' | 'reports' | 'data' | 'bench';

export interface SessionState {
  client: KiraClient | null;
  companies: Company[];
  companyId: number | null;
  preset: Preset;
  range: DateRange;
  basis: Basis;
  view: ViewId;
  fatal: string | null;
  setClient(client: KiraClient): void;
  setCompanies(companies: Company[]): void;
  selectCompany(id: number): void;
  selectPreset(preset: Exclude<Preset, 'custom'>): void;
  setCustomRange(range: DateRange): void;
  setBasis(basis: Basis): void;
  setView(view: ViewId): void;
  setFatal(message: string): void;
}

function todayOf(companies: Company[], id: number | null): string {
  const c = companies.find((x) => x.id === id);
  return todayInZone(c?.time_zone ?? 'UTC');
}

export const useSession = create<SessionState>()((set, get) => ({
  client: null,
  companies: [],
  companyId: null,
  preset: 'this_month',
  range: presetRange('this_month', todayInZone('UTC')),
  basis: 'accrual',
  view: 'dashboard',
  fatal: null,
  setClient: (client) => set({ client }),
  setCompanies: (companies) => {
    const id = get().companyId ?? companies[0]?.id ?? null;
    const preset = get().preset;
    set({ companies, companyId: id, ...(preset !== 'custom' ? { range: presetRange(preset, todayOf(companies, id)) } : {}) });
  },
  selectCompany: (id) => {
    const { preset, companies } = get();
    // a preset means "relative to this company's today", which depends on its time zone
    set({ companyId: id, ...(preset !== 'custom' ? { range: presetRange(preset, todayOf(companies, id)) } : {}) });
  },
  selectPreset: (preset) => set({ preset, range: presetRange(preset, todayOf(get().companies, get().companyId)) }),
  setCustomRange: (range) => set({ preset: 'custom', range }),
  setBasis: (basis) => set({ basis }),
  setView: (view) => set({ view }),
  setFatal: (fatal) => set({ fatal }),
}));

export function currentCompany(s: Pick<SessionState, 'companies' | 'companyId'>): Company | undefined {
  return s.companies.find((c) => c.id === s.companyId);
}
