/**
 * Which links may leave the app for the system browser. Only plain web and mail links with a real host;
 * never file:, javascript:, custom schemes, credentials in the URL, or our own loopback service.
 */
const ALLOWED_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);

export function isTrustedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol)) return false;
  if (url.protocol === 'mailto:') return url.pathname.includes('@');
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  // URL() already folds 127.1, 2130706433 and 0:0:…:1 into these canonical spellings; ::ffff:127.x is IPv4 loopback in IPv6 dress.
  if (
    !host ||
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\./.test(host) ||
    host === '0.0.0.0' ||
    host === '[::]' ||
    /^\[::ffff:7f/.test(host)
  ) {
    return false;
  }
  return true;
}
