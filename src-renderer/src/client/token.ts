/**
 * The page is opened as `http://127.0.0.1:PORT/#token=…`. The token is read once and removed from the address bar
 * (so it never lands in history, bookmarks or Referer), then kept in memory only. A reload would lose it, so it
 * is put in sessionStorage just as the page goes away (`pagehide`) and taken back out — removed — by the next
 * load of the same tab: while the page runs, no storage holds it.
 */
const KEY = 'kira.token';

/** Extract `token` from a URL fragment ("#token=abc&x=1"); null when absent. Pure. */
export function tokenFromFragment(hash: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const t = new URLSearchParams(h).get('token');
  return t && t.length > 0 ? t : null;
}

export function takeToken(): string | null {
  const fromUrl = tokenFromFragment(window.location.hash);
  const stashed = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  if (fromUrl) history.replaceState(null, '', window.location.pathname + window.location.search);
  const token = fromUrl ?? stashed;
  if (token) {
    window.addEventListener('pagehide', () => sessionStorage.setItem(KEY, token));
    // Back from the back/forward cache: the page kept its memory, so the stash is not needed.
    window.addEventListener('pageshow', (e) => {
      if (e.persisted) sessionStorage.removeItem(KEY);
    });
  }
  return token;
}
