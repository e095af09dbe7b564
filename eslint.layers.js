// The layer table and the rule that enforces it (`kira/layers`, registered in eslint.config.js).
// A relative import is resolved against the importing file, so any depth of `../`, any subfolder of a layer and
// `import()` / `typeof import()` / `require()` are judged by where the imported file actually lives, not by how the
// path is spelled. Bare package names are left to `no-restricted-imports` in eslint.config.js.
// README "How it is built" and docs/architecture.md show this same table: change them together.
import path from 'node:path';

const ROOT = import.meta.dirname;

const ENGINE = [
  'core',
  'store',
  'data',
  'dashboard',
  'reports',
  'live',
  'workers',
  'pool',
  'bench',
  'bench/thread',
  'service',
  'service/common',
  'service/api',
  'service/http',
  'service/ipc',
  'service/root',
  'cli',
].map((name) => `src-engine/${name}`);
// Files directly in src-engine/ (package-root.ts): small Node helpers any I/O layer may use.
const ENGINE_ROOT = 'src-engine';

/**
 * Per layer: `may` = folders it may import values from (its own folder always allowed), `types` = folders it may
 * take `import type` from as well, `why` = the sentence the error ends with.
 * Folders absent from the table (bench/ scripts, test/, scripts/, config files) may import anything.
 */
export const LAYERS = {
  'src-engine/core': {
    may: [],
    why: 'src-engine/core is the pure layer: it imports only other core modules and pure libraries (no I/O, no adapters).',
  },
  'src-engine/store': {
    may: ['src-engine/core'],
    why: 'The store is the bottom I/O layer: everything else reads and writes through it.',
  },
  'src-engine/data': {
    may: ['src-engine/core', 'src-engine/store'],
    why: 'Data (demo, import, export) works on the store, below the service.',
  },
  'src-engine/dashboard': {
    may: ['src-engine/core', 'src-engine/store'],
    why: 'Dashboard views read the store; the service and live hub call them, not the reverse.',
  },
  // Reserved for report modules if they grow out of dashboard/: the same place in the stack as dashboard.
  'src-engine/reports': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/dashboard'],
    why: 'Reports read the store and dashboard figures; the service and CLI call them, not the reverse.',
  },
  'src-engine/live': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/dashboard'],
    why: 'The live hub is wired into the service by the service: live never imports service.',
  },
  'src-engine/workers': {
    may: ['src-engine/core', 'src-engine/store'],
    why: 'src-engine/workers holds only code that runs inside worker threads; the pool that starts them is src-engine/pool.',
  },
  'src-engine/pool': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/workers', ENGINE_ROOT],
    why: 'The pool is the main-thread side of the worker threads (piscina, recalculation plans, swaps); the service uses it.',
  },
  'src-engine/bench': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/bench/thread', ENGINE_ROOT],
    why: 'Benchmark I/O drives the service from outside (HTTP, child processes); it never imports it.',
  },
  'src-engine/bench/thread': {
    may: ['src-engine/core'],
    why: 'src-engine/bench/thread runs inside the load generator thread: it imports only core, never main-thread benchmark code.',
  },
  // Files directly in service/ or in a subfolder without its own row (none today) sit above the service's parts.
  'src-engine/service': {
    may: ENGINE.filter((l) => l !== 'src-engine/cli' && l !== 'src-engine/service/root').concat(ENGINE_ROOT),
    why: 'The service composes the engine; only the CLI and the Electron main process sit above it.',
  },
  'src-engine/service/common': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/dashboard', 'src-engine/live', 'src-engine/pool', ENGINE_ROOT],
    why: 'service/common holds what every transport and handler shares (cache, freshness, metrics, health, error shape): it imports no handler and no transport.',
  },
  'src-engine/service/api': {
    may: [
      'src-engine/core',
      'src-engine/store',
      'src-engine/data',
      'src-engine/dashboard',
      'src-engine/reports',
      'src-engine/live',
      'src-engine/pool',
      'src-engine/bench',
      'src-engine/service/common',
      ENGINE_ROOT,
    ],
    why: 'service/api is the registry and its handlers: transport-free, so HTTP and IPC call the same code; transports import it, not the reverse.',
  },
  'src-engine/service/http': {
    may: ['src-engine/core', 'src-engine/store', 'src-engine/live', 'src-engine/service/api', 'src-engine/service/common', ENGINE_ROOT],
    types: ['src-engine/service/root'],
    why: 'service/http is one transport: it serves the registry over fastify and knows no other transport.',
  },
  'src-engine/service/ipc': {
    may: ['src-engine/core', 'src-engine/service/api', 'src-engine/service/common'],
    why: 'service/ipc is one transport: it answers the registry over Electron IPC and knows no other transport.',
  },
  'src-engine/service/root': {
    may: ENGINE.filter((l) => l !== 'src-engine/cli').concat(ENGINE_ROOT),
    why: 'service/root is the composition root (createEngine, startServer): only the CLI and the Electron main process sit above it.',
  },
  'src-engine/cli': {
    may: ENGINE.concat(ENGINE_ROOT),
    why: 'The CLI is the top of the engine: nothing in src-engine imports it.',
  },
  [ENGINE_ROOT]: {
    may: ['src-engine/core'],
    why: 'Files directly in src-engine/ (package-root.ts) are leaf helpers for the I/O layers: they import only core.',
  },
  'src-main': {
    may: ENGINE.concat(ENGINE_ROOT),
    types: ['src-renderer'],
    why: 'src-main is wiring: it loads the built renderer as files, never imports its modules.',
  },
  'src-renderer': {
    may: ['src-engine/core'],
    types: ENGINE.concat(ENGINE_ROOT),
    why: 'src-renderer runs in a sandboxed page: from the engine it imports only src-engine/core (pure helpers) and types.',
  },
};

const PLAIN_NODE = 'src-engine is plain Node: it never imports Electron, the main process, the renderer, scripts or tests.';

/** The layer (table key) a file belongs to, or the top folder it is in, or null outside the package. */
export function layerOf(file) {
  const rel = path.relative(ROOT, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (parts[0] !== 'src-engine') return parts.length > 1 ? parts[0] : '(package root)';
  // The deepest folder with its own row wins (service/http/ is its own layer inside service/).
  for (let depth = parts.length - 1; depth > 2; depth--) {
    const key = parts.slice(0, depth).join('/');
    if (key in LAYERS) return key;
  }
  return parts.length > 2 ? `src-engine/${parts[1]}` : ENGINE_ROOT;
}

const isEngine = (layer) => layer !== null && (layer === ENGINE_ROOT || layer.startsWith('src-engine/'));

/** The string in `import(...)` / `require(...)` / `typeof import(...)` when it is a literal; else undefined. */
function literal(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'TSLiteralType') return literal(node.literal);
  return undefined;
}

const allTypeSpecifiers = (specifiers, kind) => specifiers.length > 0 && specifiers.every((s) => s[kind] === 'type');

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports flow only the way the layer table (eslint.layers.js, README "How it is built") allows.' },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (from === null) return {};
    const row = LAYERS[from];
    if (!row) {
      if (!isEngine(from)) return {}; // bench/ scripts, test/, scripts/, configs: anything goes
      return {
        Program(node) {
          context.report({
            node,
            message: `${from}/ is not in the layer table: add its row to eslint.layers.js, the README's "How it is built" and docs/architecture.md.`,
          });
        },
      };
    }

    function check(node, spec, typeOnly) {
      // Bare specifiers are packages (no-restricted-imports judges those); only paths name a layer.
      if (typeof spec !== 'string' || !(spec.startsWith('.') || path.isAbsolute(spec))) return;
      const to = layerOf(path.resolve(path.dirname(context.filename), spec));
      if (to === from || row.may.includes(to) || (typeOnly && row.types?.includes(to))) return;
      const where = to === null ? 'outside the package' : `in ${to}/`;
      const why = isEngine(from) && !isEngine(to) ? PLAIN_NODE : row.why;
      const allowed = row.may.length ? row.may.join(', ') : 'nothing outside its own folder';
      context.report({ node, message: `${why} '${spec}' is ${where}; ${from}/ may import ${allowed}.` });
    }

    return {
      ImportDeclaration(node) {
        check(node.source, node.source.value, node.importKind === 'type' || allTypeSpecifiers(node.specifiers, 'importKind'));
      },
      ExportNamedDeclaration(node) {
        if (node.source)
          check(node.source, node.source.value, node.exportKind === 'type' || allTypeSpecifiers(node.specifiers, 'exportKind'));
      },
      ExportAllDeclaration(node) {
        check(node.source, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        check(node, literal(node.source), false);
      },
      TSImportType(node) {
        check(node, literal(node.source ?? node.argument), true);
      },
      TSExternalModuleReference(node) {
        check(node, literal(node.expression), node.parent?.importKind === 'type');
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          check(node, literal(node.arguments[0]), false);
        }
      },
    };
  },
};
