/** `npm run bench:first-load`: builds the client and prints what a first visit loads, and what comes later. */
import { firstLoad } from '../harness/first-load.ts';

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const { bytes, files, later } = firstLoad();
console.log(`first load (gzipped JavaScript): ${kB(bytes)} in ${files.join(', ')}`);
for (const chunk of later.sort((a, b) => b.bytes - a.bytes)) console.log(`  later, on demand: ${kB(chunk.bytes).padStart(9)}  ${chunk.file}`);
