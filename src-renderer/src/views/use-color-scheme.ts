import { useSyncExternalStore } from 'react';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The system colour scheme, updated live when the user switches it. */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (cb) => {
      const m = query();
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => (query().matches ? 'dark' : 'light'),
  );
}
