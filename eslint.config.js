// Lint = the layer check. The folder names are the architecture (README "How it is built"): `kira/layers`
// (eslint.layers.js) resolves every relative import and checks it against the layer table; `no-restricted-imports`
// keeps packages out of the layers that must not do I/O. Both messages name the layer that was crossed.
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint.layers.js';

const IO_MODULES = [
  'node:*',
  'fs',
  'path',
  'http',
  'https',
  'net',
  'child_process',
  'worker_threads',
  'os',
  'crypto',
  'stream',
  'better-sqlite3',
  'fastify',
  '@fastify/*',
  'piscina',
  'ws',
  'undici',
  'prom-client',
  'csv-parse',
  'csv-parse/*',
  'autocannon',
];
const ELECTRON = ['electron', '@electron/*'];

// Later blocks override earlier ones for the same rule, so a narrower layer repeats the wider layer's bans.
const packages = (files, patterns, message, allowTypeImports = false) => ({
  files,
  rules: {
    // dedupe: eslint refuses a pattern listed twice
    'no-restricted-imports': ['error', { patterns: [{ group: [...new Set(patterns)], message, allowTypeImports }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-renderer/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['**/*.ts', '**/*.cts', '**/*.mts', '**/*.tsx'],
    // Type-aware: projectService asks each file's own tsconfig (root, src-renderer, test/e2e) for its types.
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      // A promise nobody awaits loses its rejection; `void` marks the few that are fire-and-forget on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/require-await': 'error',
    },
  },
  {
    // Every file: the rule itself knows which folders are layers (bench/, test/, scripts/ may import anything).
    plugins: { kira: { rules: { layers: layersRule } } },
    rules: { 'kira/layers': 'error' },
  },
  packages(['src-engine/**/*.ts'], ELECTRON, 'src-engine is plain Node: it never imports Electron, the main process or the renderer.'),
  packages(
    ['src-engine/core/**/*.ts'],
    [...IO_MODULES, ...ELECTRON],
    'src-engine/core is the pure layer: it imports only other core modules and pure libraries (no I/O, no adapters).',
  ),
  packages(
    ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    [...IO_MODULES, ...ELECTRON],
    'src-renderer runs in a sandboxed page: from the engine it imports only src-engine/core (pure helpers) and types.',
    true,
  ),
);
