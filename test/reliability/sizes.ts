/**
 * How big the reliability runs are: `KIRA_RELIABILITY=full` (npm run test:reliability) runs the full versions,
 * otherwise (npm test) short ones that still exercise every path. `KIRA_SEED` replays a run.
 */
export const FULL = process.env.KIRA_RELIABILITY === 'full';

export const SIZES = FULL
  ? { kills: 60, fuzzRequests: 10_000, csvFiles: 400, tenantRuns: 60, soakSeconds: 60, soakConnections: 100, soakExpenses: 1_000_000 }
  : { kills: 8, fuzzRequests: 1_000, csvFiles: 60, tenantRuns: 15, soakSeconds: 5, soakConnections: 20, soakExpenses: 20_000 };

/**
 * The run's seed: $KIRA_SEED, else a fresh one for the full runs (new inputs every time) and a fixed one for the
 * short runs in `npm test` (CI must not turn red on a new finding by chance; the full runs hunt for those).
 * Printed so a failure can be replayed.
 */
export function runSeed(name: string): number {
  const fromEnv = process.env.KIRA_SEED;
  const seed = fromEnv ? Number(fromEnv) >>> 0 : FULL ? (Math.random() * 2 ** 32) >>> 0 : 20_261_127;
  console.log(`[${name}] seed ${seed} (replay with KIRA_SEED=${seed})`);
  return seed;
}
