/** Where `npm run build:cli` puts the command-line peer: one ESM file that plain `node` starts, with its packages left in node_modules. */
export const CLI_BUILD = 'build/cli/cli.js';
