/**
 * The desktop app's settings for its local HTTP port. The port itself is the engine's (`engine.http`, opened when
 * something needs it: the benchmark panel measuring the real stack, or the user setting `KIRA_HTTP_PORT`): it
 * serves the engine already running in the main process (same store, cache and live hub, so a write over HTTP
 * reaches the window's live view) with the same guard as `kira serve`: 127.0.0.1 only, a per-launch bearer token,
 * Host/Origin pinned (`Security`), rate limit (strangers always; the owner only with `KIRA_HTTP_RATE_LIMIT`).
 */

/** A desktop setting (environment variable) with a value it cannot take. */
class InvalidSetting extends Error {
  constructor(name: string, expected: string, raw: string) {
    super(`${name} must be ${expected}, not ${JSON.stringify(raw)}`);
    this.name = 'InvalidSetting';
  }
}

class InvalidHttpPortSetting extends InvalidSetting {
  constructor(raw: string) {
    super('KIRA_HTTP_PORT', 'a port number from 0 to 65535 (0: any free port)', raw);
    this.name = 'InvalidHttpPortSetting';
  }
}

/** `KIRA_HTTP_PORT`: null when unset (open on demand only); a bad value fails start-up loudly. */
export function httpPortSetting(env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = env.KIRA_HTTP_PORT?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) throw new InvalidHttpPortSetting(raw);
  return Number(raw);
}

/**
 * `KIRA_HTTP_RATE_LIMIT`: the owner's cap in requests a second over the HTTP port (`kira serve --rate-limit N`);
 * null when unset or 0 (no cap). A bad value fails start-up loudly, like the port setting.
 */
export function httpRateLimitSetting(env: Readonly<Record<string, string | undefined>>): number | null {
  const raw = env.KIRA_HTTP_RATE_LIMIT?.trim();
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,7}$/.test(raw)) throw new InvalidSetting('KIRA_HTTP_RATE_LIMIT', 'a whole number of requests a second (0: no cap)', raw);
  return Number(raw) === 0 ? null : Number(raw);
}
