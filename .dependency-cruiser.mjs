/**
 * The layers of the project, as rules dependency-cruiser checks on every `npm test`
 * (`test/layer-check.ts`): `common/` at the bottom, `signaling/` and `client/` on it and apart
 * from each other, `client/` in three floors (core, and the web and node shells on it), and
 * `harness/`, `test/` and `bench/` on top, never imported by the product.
 *
 * Violations that were in the tree when a rule came in are listed in
 * `.dependency-cruiser-known-violations.json` (folder cycles excepted: see no-folder-cycles): they
 * are tolerated until fixed, new ones fail.
 */

/** An import of the project's own files (not a library, not a Node built-in) outside `folders`. */
const projectFilesOutside = (...folders) => ({
  pathNot: [...folders.map((folder) => `^${folder}/`), '^node_modules/'],
  dependencyTypesNot: ['core'],
  couldNotResolve: false,
});

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
  {
    name: 'client-not-signaling',
    comment:
      'Clients talk to the server only over the wire protocol in common/, never by importing its code ' +
      '(the reverse direction is held by signaling-imports-only-signaling-and-common).',
    from: { path: '^client/' },
    to: { path: '^signaling/' },
  },
  {
    name: 'product-not-test-bench-harness',
    comment: 'test/, bench/ and harness/ drive the product from outside; the product never imports them.',
    from: { path: '^(common|signaling|client)/' },
    to: { path: '^(test|bench|harness)/' },
  },
  {
    name: 'bench-not-test',
    comment:
      'Benchmarks do not reach into the test suites: what both need (a server on a free port, ' +
      'Chromium, the app in a page) lives in harness/.',
    from: { path: '^bench/' },
    to: { path: '^test/' },
  },
  {
    name: 'harness-not-test-or-bench',
    comment: 'harness/ is the neutral ground test/ and bench/ share, so it imports neither.',
    from: { path: '^harness/' },
    to: { path: '^(test|bench)/' },
  },
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
      'catches siblings and cousins; a folder and its own subfolder are held by the two rules below. ' +
      'Known and to be fixed: client/web/chat <-> client/web/ui (ui/format.ts takes the Conversation ' +
      "type from chat/chat-model.ts, which takes summarizeCall from ui/call-text.ts). It is left out " +
      'here because the known-violations file cannot list folder violations; a cycle through any ' +
      'third folder is still reported, from that folder.',
    scope: 'folder',
    from: { path: '^(common|signaling|client)(/|$)', pathNot: '^client/web/(chat|ui)$' },
    to: { circular: true },
  },
  {
    name: 'root-not-into-subfolders',
    comment:
      "In client/core/ and signaling/ the subfolders build on their parent's files (transfer/ and " +
      "call/ on core's emitter, ids and peer link; redis/ on the Hub interface and presence " +
      'batcher), so the parent must not reach down into them, or parent and child would depend on ' +
      "each other. The one exception is signaling's hub-from-config.ts, the factory that picks " +
      'a hub implementation and so has to know redis/.',
    from: { path: '^(client/core|signaling)/[^/]+$', pathNot: '^signaling/hub-from-config\\.ts$' },
    to: { path: '^$1/[^/]+/' },
  },
  {
    name: 'web-subfolders-not-into-entry',
    comment:
      "client/web/'s own files are the entry (main.ts) and what it loads first; the subfolders are " +
      'what the entry assembles, so they never import it back.',
    from: { path: '^client/web/[^/]+/' },
    to: { path: '^client/web/[^/]+$' },
  },
  {
    name: 'not-to-unresolvable',
    comment: 'An import the checker cannot resolve is an import none of these rules can check.',
    from: {},
    to: { couldNotResolve: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  // Every rule is an error: a layer check that only warns is read once and then scrolled past.
  forbidden: forbidden.map((rule) => ({ severity: 'error', ...rule })),
  options: {
    doNotFollow: { path: '^node_modules/' },
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
