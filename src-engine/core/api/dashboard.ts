/** The dashboard's handlers: cached views, batch, refresh and export. */
import { Type } from '@sinclair/typebox';
import { GRANULARITIES } from '../dates.js';
import {
  CLIENT_SORTS,
  type BreakdownResult,
  type ClientsResult,
  type KpisResult,
  type OverviewResult,
  type ProjectionsResult,
  type RealtimeResult,
  type ResultByView,
  type StatsResult,
  type TrendsResult,
} from '../views/types.js';
import { closed, COMPANY, DATE, declare, ID, named, stringEnum } from './declare.js';
import { LIMITS } from '../validate/limits.js';

export const BASIS = stringEnum(['accrual', 'cash']);
const VIEW = { ...COMPANY, from: Type.Optional(DATE), to: Type.Optional(DATE), basis: Type.Optional(BASIS) };
const PAGE = Type.Integer({ minimum: 1, maximum: LIMITS.maxPage });
const PAGE_SIZE = Type.Integer({ minimum: 1, maximum: LIMITS.maxPageSize });
const TREND = {
  granularity: Type.Optional(stringEnum(GRANULARITIES)),
  periods: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxPeriods })),
};
const CLIENT_SORT = { sort: Type.Optional(stringEnum(CLIENT_SORTS)), order: Type.Optional(stringEnum(['asc', 'desc'])) };

/** What every refusal answers (HTTP and IPC alike): the code, a message, and details naming the culprit. */
const ErrorBody = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }) },
  { title: 'ErrorBody' },
);
// A batch item's body is the result of the view it names (or the error body its status says).
const BATCH_BODY = named<Exclude<ResultByView[keyof ResultByView], ResultByView['export']>>("the view's result");

/** The views a batch may ask for (the path after /api/dashboard/). */
export const BATCH_VIEWS = ['overview', 'stats', 'trends', 'breakdown', 'kpis', 'clients', 'projections', 'realtime/aggregate'] as const;
export type BatchView = (typeof BATCH_VIEWS)[number];

const view = <P extends string, R>(path: P, result: string, summary: string) =>
  ({ method: 'GET', path, cached: true, status: 200, summary, input: closed(VIEW), result: named<R>(result) }) as const;

export const dashboardApi = {
  'dashboard.overview': declare(
    view<'/api/dashboard/overview', OverviewResult>('/api/dashboard/overview', 'OverviewResult', 'Headline figures of a period.'),
  ),
  'dashboard.stats': declare(
    view<'/api/dashboard/stats', StatsResult>('/api/dashboard/stats', 'StatsResult', 'Counts and averages of a period.'),
  ),
  'dashboard.trends': declare({
    method: 'GET',
    path: '/api/dashboard/trends',
    cached: true,
    status: 200,
    summary: 'Revenue, expenses and profit per bucket, ending with the bucket that holds `to`.',
    input: closed({ ...VIEW, ...TREND }),
    result: named<TrendsResult>('TrendsResult'),
  }),
  'dashboard.breakdown': declare(
    view<'/api/dashboard/breakdown', BreakdownResult>(
      '/api/dashboard/breakdown',
      'BreakdownResult',
      'Expenses by category and revenue by client.',
    ),
  ),
  'dashboard.kpis': declare(
    view<'/api/dashboard/kpis', KpisResult>('/api/dashboard/kpis', 'KpisResult', 'The key performance indicators of a period.'),
  ),
  'dashboard.clients': declare({
    method: 'GET',
    path: '/api/dashboard/clients',
    cached: true,
    status: 200,
    summary: 'One row per client with its figures, sorted and paged.',
    input: closed({ ...VIEW, page: Type.Optional(PAGE), page_size: Type.Optional(PAGE_SIZE), ...CLIENT_SORT }),
    result: named<ClientsResult>('ClientsResult'),
  }),
  'dashboard.projections': declare(
    view<'/api/dashboard/projections', ProjectionsResult>(
      '/api/dashboard/projections',
      'ProjectionsResult',
      'Past months and the projected ones.',
    ),
  ),
  'dashboard.export': declare({
    method: 'GET',
    path: '/api/dashboard/export',
    cached: false,
    status: 200,
    summary: 'A view as a CSV or JSON file (over IPC: its text with its name and type).',
    input: closed({
      ...VIEW,
      format: Type.Optional(stringEnum(['csv', 'json'])),
      kind: Type.Optional(stringEnum(['overview', 'transactions', 'clients', 'trends'])),
      ...TREND,
      ...CLIENT_SORT,
    }),
    result: Type.Object({ filename: Type.String(), content_type: Type.String(), content: Type.String() }, { title: 'ExportFile' }),
  }),
  'dashboard.refresh': declare({
    method: 'POST',
    path: '/api/dashboard/refresh',
    cached: false,
    status: 200,
    summary: "Clear a company's cached views and compute the common ones again.",
    input: closed(COMPANY),
    result: Type.Object(
      { company: Type.Integer(), cleared: Type.Integer(), warmed: Type.Array(Type.String()), duration_ms: Type.Number() },
      { title: 'RefreshResult' },
    ),
  }),
  'dashboard.realtimeAggregate': declare({
    method: 'GET',
    path: '/api/dashboard/realtime/aggregate',
    cached: true,
    status: 200,
    summary: "Today's live figures, their scores and alerts.",
    input: closed({ company: Type.Optional(ID), basis: Type.Optional(BASIS) }),
    result: named<RealtimeResult>('RealtimeResult'),
  }),
  'dashboard.batch': declare({
    method: 'POST',
    path: '/api/dashboard/batch',
    cached: false,
    status: 200,
    summary: 'Several views in one call, each answered as its own route would (status and body).',
    input: closed({
      ...COMPANY,
      body: closed({
        requests: Type.Array(
          closed({ view: stringEnum(BATCH_VIEWS), params: Type.Optional(Type.Unsafe<Record<string, unknown>>({ type: 'object' })) }),
          { minItems: 1, maxItems: LIMITS.maxBatchRequests },
        ),
      }),
    }),
    result: Type.Object(
      {
        results: Type.Array(
          Type.Object({ view: stringEnum(BATCH_VIEWS), status: Type.Integer(), body: Type.Union([BATCH_BODY, ErrorBody]) }),
        ),
      },
      { title: 'BatchResult' },
    ),
  }),
} as const;
