/**
 * The layers of the project, as rules dependency-cruiser checks on every `npm test`
 * (`test/layer-check.ts`): `common/` at the bottom, `signaling/` and `client/` on it and apart
 * from each other, `client/` in three floors (core, and the web and node shells on it), and
 * `harness/`, `test/` and `bench/` on top, never imported by the product.
 *
 */

/** An import of the project's own files (not a library, not a Node built-in) outside `folders`. */
const projectFilesOutside = (...folders) => ({
  pathNot: [...folders.map((folder) => `^${folder}/`), '^node_modules/'],
  dependencyTypesNot: ['core'],
  couldNotResolve: false,
});

/** Folders that must not import others: [rule name, importing paths, imported paths, why]. */
const apart = [
  [
    'client-not-signaling', '^client/', '^signaling/',
    'Clients talk to the server only over the wire protocol in common/, never by importing its code ' +
      '(the reverse direction is held by signaling-imports-only-signaling-and-common).',
  ],
  [
    'product-not-test-bench-harness', '^(common|signaling|client)/', '^(test|bench|harness)/',
    'test/, bench/ and harness/ drive the product from outside; the product never imports them.',
  ],
  [
    'bench-not-test', '^bench/', '^test/',
    'Benchmarks do not reach into the test suites: what both need (a server on a free port, ' +
      'Chromium, the app in a page) lives in harness/.',
  ],
  [
    'harness-not-test-or-bench', '^harness/', '^(test|bench)/',
    'harness/ is the neutral ground test/ and bench/ share, so it imports neither.',
  ],
].map(([name, from, to, comment]) => ({ name, comment, from: { path: from }, to: { path: to } }));

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const forbidden = [
  {
    name: 'common-imports-only-common',
    comment:
      'common/ is what the server and every client agree on; it must stand alone, or the protocol ' +
      'would depend on one side of it. Libraries are fine.',
    from: { path: '^common/' },
    to: projectFilesOutside('common'),
  },
  {
    name: 'signaling-imports-only-signaling-and-common',
    comment:
      'The server shares nothing with the clients but common/: a client change must not be able ' +
      'to break or bloat the server (this also keeps client/ out of signaling/).',
    from: { path: '^signaling/' },
    to: projectFilesOutside('signaling', 'common'),
  },
  {
    name: 'core-imports-only-core-and-common',
    comment:
      'client/core/ runs in the browser and in the headless Node peer alike, so it can use neither ' +
      'shell: platform capabilities come in through ports that web/ and node/ implement.',
    from: { path: '^client/core/' },
    to: projectFilesOutside('client/core', 'common'),
  },
  {
    name: 'browser-code-no-node-builtins',
    comment:
      'common/ and client/core/ are bundled for browsers, where node:fs, node:crypto and the other ' +
      'Node built-ins do not exist (Vite would stub them and fail at run time).',
    from: { path: '^(common|client/core)/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'web-and-node-shells-apart',
    comment:
      'client/web/ (browser) and client/node/ (headless peer, CLI) are two shells around the same ' +
      'core; code one needs from the other belongs in client/core/.',
    from: { path: '^client/(web|node)/' },
    to: { path: '^client/(web|node)/', pathNot: '^client/$1/' },
  },
  ...apart,
  {
    name: 'no-circular',
    comment:
      'A cycle makes its modules one unit that can only be understood, loaded and tested together, ' +
      'and makes evaluation order matter.',
    from: { path: '^(common|signaling|client)/' },
    to: { circular: true },
  },
  {
    name: 'no-folder-cycles',
    comment:
      'Two folders that import each other are one folder in two places. Checked on folders, which ' +
      'catches siblings and cousins; a folder and its own subfolder are held by the two rules below.',
    scope: 'folder',
    from: { path: '^(common|signaling|client)(/|$)' },
    to: { circular: true },
  },
  {
    name: 'signaling-root-not-into-subfolders',
    comment:
      "In signaling/ the subfolder builds on its parent's files (redis/ on the Hub interface and the " +
      'presence batcher), so the parent must not reach down into it, or parent and child would ' +
      "depend on each other. The one exception is hub-from-config.ts, the factory that picks a hub " +
      'implementation and so has to know redis/.',
    from: { path: '^signaling/[^/]+$', pathNot: '^signaling/hub-from-config\\.ts$' },
    to: { path: '^signaling/[^/]+/' },
  },
  {
    name: 'client-subfolders-not-into-root',
    comment:
      "In client/core/ and client/web/ the root files assemble the subfolders (core's " +
      "chat-services.ts, web's app-root.ts and chat-entry.ts), so the subfolders never import them back; between " +
      'subfolders, no-folder-cycles keeps the order one way.',
    from: { path: '^client/(core|web)/[^/]+/' },
    to: { path: '^client/$1/[^/]+$' },
  },
  {
    name: 'not-to-unresolvable',
    comment:
      'An import the checker cannot resolve is an import none of these rules can check. Vite ' +
      "plugins' virtual modules (virtual:pwa-register) are made at build time, and are no file.",
    from: {},
    to: { couldNotResolve: true, pathNot: '^virtual:' },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  // Every rule is an error: a layer check that only warns is read once and then scrolled past.
  forbidden: forbidden.map((rule) => ({ severity: 'error', ...rule })),
  options: {
    doNotFollow: { path: '^node_modules/' },
    // A git worktree may link node_modules to another checkout's: resolved through the link, a
    // library's path would not start with node_modules/, and the check would parse its types.
    preserveSymlinks: true,
    // The TypeScript installed (7, the native compiler) has no JavaScript API for dependency-cruiser
    // to parse with; swc parses TypeScript and reports `import type` as well (as `type-only`),
    // which the layers count too: a type import still ties one folder to another.
    parser: 'swc',
    // Read only where a TypeScript with a JavaScript API (< 7) is installed; with no `paths` in it,
    // resolution needs nothing from it: imports carry their `.ts` suffix (allowImportingTsExtensions).
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
