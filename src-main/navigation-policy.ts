/**
 * What the window does when its page tries to leave: stay on app://kira, hand trusted web/mail links to the
 * system browser, drop everything else. Pure, so the rules are tested without Electron.
 */
import { APP_ORIGIN } from './app-protocol.js';
import { isTrustedExternalUrl } from './trusted-url.js';

export type LeaveVerdict = 'stay' | 'open-external' | 'block';

function isOwnOrigin(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * A navigation of the window itself (`will-navigate`, `will-redirect`). Even our own origin is refused: the
 * single-page app routes with the hash and history API, which do not navigate, so a real navigation is foreign.
 */
export function navigationVerdict(url: string): LeaveVerdict {
  if (isOwnOrigin(url)) return 'block';
  return isTrustedExternalUrl(url) ? 'open-external' : 'block';
}

/**
 * `will-frame-navigate`, which Electron emits first for any frame (main or sub) and which, when refused, cancels
 * the navigation before `will-navigate` is emitted. The main frame follows `navigationVerdict`; a subframe (the
 * app has none: an injected iframe) never navigates and never reaches the browser either.
 */
export function frameNavigationVerdict(url: string, isMainFrame: boolean): LeaveVerdict {
  return isMainFrame ? navigationVerdict(url) : 'block';
}

/** `window.open` / `target=_blank`: never a new Electron window; trusted links go to the browser. */
export function newWindowVerdict(url: string): LeaveVerdict {
  return isTrustedExternalUrl(url) ? 'open-external' : 'block';
}
