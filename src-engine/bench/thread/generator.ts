/**
 * Runs one job to completion inside a load generator: opens one keep-alive connection per virtual user,
 * runs the warm-up phase then the measured phase on the same connections (so connection set-up is paid
 * in the warm-up, as it would be by a dashboard that stays open), and closes them.
 */
import type { LoadConnection } from './http-client.js';
import type { GeneratorProgress, Job, LoadJob, LoadOutcome, Outcome } from './jobs.js';
import { runPhase } from './load-loop.js';
import { runPush } from './push-probe.js';
import { openConnection } from './raw-client.js';
import { runScript } from './script-runner.js';

async function runLoad(job: LoadJob, signal: AbortSignal, onProgress: (p: GeneratorProgress) => void): Promise<LoadOutcome> {
  let clients: LoadConnection[] = Array.from({ length: job.model.users }, () => openConnection(job.base_url, job.request, job.timeout_ms));
  const common = {
    clients,
    expect: new Set(job.request.expect_status),
    model: job.model,
    timeout_ms: job.timeout_ms,
    progress_ms: job.progress_ms,
    ...(job.thread_rate_cap !== undefined ? { rate_cap: job.thread_rate_cap } : {}),
    signal,
    onProgress,
  };
  try {
    const hasWarmup = job.warmup.max_requests > 0 && job.warmup.duration_ms > 0;
    const warmup = hasWarmup ? await runPhase({ ...common, bounds: job.warmup, phase: 'warmup' }) : null;
    if ((warmup?.unfinished ?? 0) > 0) {
      // The warm-up ended at its duration with answers still out: measure on fresh connections.
      await Promise.allSettled(clients.map((c) => c.close()));
      clients = Array.from({ length: job.model.users }, () => openConnection(job.base_url, job.request, job.timeout_ms));
    }
    const measured = await runPhase({ ...common, clients, bounds: job.bounds, phase: 'measure' });
    return { kind: 'load', warmup, measured };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
  }
}

export function runJob(job: Job, signal: AbortSignal, onProgress: (p: GeneratorProgress) => void): Promise<Outcome> {
  if (job.kind === 'script') return runScript(job, signal, onProgress);
  return job.kind === 'load' ? runLoad(job, signal, onProgress) : runPush(job, signal, onProgress);
}
