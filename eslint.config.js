// Lint = the layer check. The folder names are the architecture (see README "Layers"); these rules keep
// imports flowing the allowed way, and their messages name the layer that was crossed.
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  'node:*', 'fs', 'path', 'http', 'https', 'net', 'child_process', 'worker_threads', 'os', 'crypto', 'stream',
  'better-sqlite3', 'fastify', '@fastify/*', 'piscina', 'ws', 'undici', 'prom-client', 'csv-parse', 'csv-parse/*',
  'autocannon',
];

// Later blocks override earlier ones for the same rule, so a narrower layer repeats the wider layer's bans.
const ENGINE_FORBIDDEN = ['electron', '**/src-main/**', '**/src-renderer/**'];

const layer = (files, patterns, message, allowTypeImports = false) => ({
  // dedupe: eslint refuses a pattern listed twice
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: [...new Set(patterns)], message, allowTypeImports }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'dist-renderer/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**'] },
  {
    files: ['**/*.ts', '**/*.cts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
    },
  },
  layer(
    ['src-engine/**/*.ts'],
    ENGINE_FORBIDDEN,
    'src-engine is plain Node: it never imports Electron, the main process or the renderer.',
  ),
  layer(
    ['src-engine/core/**/*.ts'],
    [...IO_MODULES, ...ENGINE_FORBIDDEN, '../store/**', '../../store/**', '../service/**', '../../service/**', '**/src-main/**', '**/src-renderer/**',
      '../data/**', '../live/**', '../workers/**', '../bench/**', '../cli/**', '../dashboard/**'],
    'src-engine/core is the pure layer: it imports only other core modules and pure libraries (no I/O, no adapters).',
  ),
  layer(
    ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    [...IO_MODULES, '**/src-main/**', '**/src-engine/store/**', '**/src-engine/service/**', '**/src-engine/data/**',
      '**/src-engine/live/**', '**/src-engine/workers/**', '**/src-engine/bench/**', '**/src-engine/cli/**',
      '**/src-engine/dashboard/**'],
    'src-renderer runs in a sandboxed page: from the engine it imports only src-engine/core (pure helpers) and types.',
    true,
  ),
  layer(
    ['src-main/**/*.ts', 'src-main/**/*.cts'],
    ['**/src-renderer/**'],
    'src-main is wiring: it loads the built renderer as files, never imports its modules.',
    true,
  ),
);
