/** System programs the suites and benchmarks drive for real. */
import { existsSync } from 'node:fs';

/**
 * Finds a system program (Chromium, redis-server, coturn): the path in `envVar` if set, else the
 * first candidate that exists. Where it is missing the suite says so loudly and is skipped, except
 * under `CI=true`, where a missing program is an error.
 */
export function findProgram(label: string, envVar: string, candidates: string[]): string | null {
  const path = process.env[envVar] || candidates.find((candidate) => existsSync(candidate));
  if (path) return path;
  const message = `${label} not found (set ${envVar}, or install it: see .ci/run)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return null;
}
