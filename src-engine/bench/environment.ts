/** Machine notes for a report: what the figures were measured on. */
import { cpus, platform, release, totalmem } from 'node:os';
import type { Environment } from '../core/bench/types.js';
import { kiraVersion } from './paths.js';

export function environment(loadGenerator: string, dataset: Record<string, number> | null): Environment {
  const cpu = cpus();
  return {
    cpu_model: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    total_memory_mb: Math.round(totalmem() / 2 ** 20),
    platform: `${platform()} ${release()}`,
    node: process.version,
    kira_version: kiraVersion(),
    dataset,
    load_generator: loadGenerator,
  };
}
