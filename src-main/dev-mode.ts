/**
 * Whether the app offers developer tools (View → Reload / Toggle Developer Tools, and DevTools in the window).
 * Yes when running from the source tree (`electron .`, not packaged); in a packaged app only when the user asks
 * with KIRA_DEVTOOLS=1 — so a shipped Kira gives nobody at the keyboard a console into the page holding the token.
 */
const DEVTOOLS_ENV = 'KIRA_DEVTOOLS';

export function developerToolsAllowed(isPackaged: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return !isPackaged || env[DEVTOOLS_ENV] === '1';
}
