/**
 * The page is opened as `http://127.0.0.1:PORT/#token=…`. Read the token once, keep it in sessionStorage (so a
 * reload still works) and remove it from the address bar so it never lands in history, bookmarks or Referer.
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
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}
