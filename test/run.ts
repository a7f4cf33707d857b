/**
 * `npm test`: type-checks, checks the layers (`test/layer-check.ts`), then runs every uvu suite
 * (`test/**\/*.test.ts`) and ends with one plain line, `N passed, N failed`.
 *
 * WebRTC gathers an address on every interface, so on Linux the suites run inside a network
 * namespace of their own (root: `unshare -n`; otherwise a user namespace, `unshare -rn`): loopback,
 * and a veth pair whose two ends both stay inside it, with a default route through it
 * (`harness/netns-up.sh`, which the browser benchmarks run too). Firefox gathers no ICE candidates
 * at all without a default route; nothing sent on the pair leaves the namespace. Where no veth pair
 * can be made, the Firefox suites are skipped (an error under `CI=true`); where no namespace can be
 * made, it says so and runs on the host network.
 *
 * `npm test -- <pattern>` runs only the suites whose path matches the pattern.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const INSIDE = 'P2PCHAT_LOOPBACK_NETNS';
const WATCHDOG_MS = 13 * 60_000;
/**
 * Suites that make and close many connections with Node's native WebRTC library each run in a process
 * of their own. That library has crashed the process (SIGSEGV) when a later suite opened connections
 * while the GC finalised an earlier suite's closed ones, and a crash takes down every suite after it.
 */
const OWN_PROCESS = /^(client\/web\/chat-model|p2p\/)/;
const pattern = process.argv[2] ?? '\\.test\\.ts$';

if (process.platform === 'linux' && !process.env[INSIDE]) {
  const unshare = ['-n', '-rn'].find((flag) => spawnSync('unshare', [flag, 'true']).status === 0);
  if (unshare) {
    const inner = `sh harness/netns-up.sh && exec ${quote(process.execPath)} --import tsx test/run.ts ${quote(pattern)}`;
    const child = spawn('unshare', [unshare, 'sh', '-c', inner], { stdio: 'inherit', env: { ...process.env, [INSIDE]: '1' } });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    forwardSignals(child);
  } else {
    console.warn('!! Could not create a loopback-only network namespace (unshare -n / -rn failed):');
    console.warn('!! WebRTC tests will use the host network.');
    await main();
  }
} else {
  await main();
}

async function main(): Promise<void> {
  let passed = 0;
  let failed = 0;

  const steps: Array<[title: string, args: string[]]> = [
    ['type check (tsc --noEmit)', ['node_modules/typescript/bin/tsc', '--noEmit']],
    // client/core runs in browsers and Node alike: compiled without the DOM's types, a `document`,
    // `navigator` or `indexedDB` there is an error.
    ['type check of client/core without the DOM (tsc -p client/core)', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'client/core']],
    ['layer check (dependency-cruiser)', ['--import', 'tsx', 'test/layer-check.ts']],
    // The browser suites serve the built client, so build it from the current source first.
    ['build the client (vite build)', ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']],
    // The CLI suites run the command-line peer as people do (`npm run peer`): built, then plain node.
    ['build the command-line peer (npm run build:cli)', ['node_modules/vite/bin/vite.js', 'build', '--ssr', 'client/node/cli.ts', '--outDir', 'build/cli', '--emptyOutDir', '--logLevel', 'warn']],
  ];
  for (const [title, args] of steps) {
    console.log(`» ${title}`);
    if (spawnSync(process.execPath, args, { stdio: 'inherit' }).status === 0) console.log('  ok');
    else failed += 1;
  }

  console.log(`» uvu suites matching /${pattern}/`);
  const deadline = Date.now() + WATCHDOG_MS;
  const runs = [[pattern, '-i', OWN_PROCESS.source], ...ownProcessSuites().map((file) => [`^${escapeRegExp(file)}$`])];
  for (const args of runs) {
    const result = await runUvu(args, deadline);
    passed += result.passed;
    failed += result.failed;
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

/** The suites matching `pattern` that run in a process of their own (see OWN_PROCESS), by path under test/. */
function ownProcessSuites(): string[] {
  const matching = new RegExp(pattern);
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((file) => OWN_PROCESS.test(file) && matching.test(file) && file.endsWith('.test.ts'))
    .sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs uvu on test/ with `args` (a file pattern, then options), until `deadline` at the latest. */
function runUvu(args: string[], deadline: number): Promise<{ passed: number; failed: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', ...args, '-c', 'false'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    forwardSignals(child);
    let output = '';
    let lingering: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      process.stdout.write(chunk);
      // Every suite has reported; a process still alive 10 s later is held open by a leaked handle.
      if (!lingering && /^\s*Duration:/m.test(output)) {
        lingering = setTimeout(() => {
          console.error('!! The suites finished but their process did not exit (a leaked handle); stopping it.');
          child.kill('SIGKILL');
        }, 10_000);
      }
    });
    const watchdog = setTimeout(() => {
      console.error(`!! The suites ran longer than ${WATCHDOG_MS / 60_000} minutes; killing them.`);
      child.kill('SIGKILL');
    }, Math.max(0, deadline - Date.now()));
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(lingering);
      const total = count(output, 'Total');
      const passed = count(output, 'Passed');
      const skipped = count(output, 'Skipped');
      if (total === undefined || passed === undefined) {
        console.error(`!! uvu ended without a summary (a suite crashed or hung): exit ${signal ?? code}.`);
        resolve({ passed: passed ?? 0, failed: 1 });
        return;
      }
      const failed = total - passed - (skipped ?? 0);
      // A non-zero exit with every test passed still means something went wrong (e.g. an uncaught
      // error); a kill after the summary (a leaked handle) was reported above and is not a test failure.
      resolve({ passed, failed: failed > 0 ? failed : code === 0 || lingering ? 0 : 1 });
    });
  });
}

function count(output: string, label: string): number | undefined {
  const match = new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm').exec(output);
  return match ? Number(match[1]) : undefined;
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function forwardSignals(child: ReturnType<typeof spawn>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
}
