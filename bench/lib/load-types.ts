/** Messages between a bench script and its load-generator child process. */
export type LoadConfig =
  | { kind: 'latency'; url: string; headers: Record<string, string>; requests: number; warmup: number }
  | { kind: 'throughput'; url: string; headers: Record<string, string>; connections: number; seconds: number };

export type LoadResult =
  | { kind: 'latency'; p50: number; p99: number; max: number; requests: number; failures: number }
  | { kind: 'throughput'; rps: number; requests: number; failures: number }
  | { kind: 'error'; message: string };
