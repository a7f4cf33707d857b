/**
 * What the browsers a benchmark started use while it runs, read from /proc (Linux). Only this
 * process's descendants count: another program's browsers on the machine are not ours to measure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserName } from '../harness/app-driver.ts';

/** USER_HZ: what /proc/<pid>/stat counts CPU time in, on every Linux build that matters. */
const CLOCK_TICKS_PER_SECOND = 100;

/** A page process is Chromium's renderer or Firefox's `tab` content process; "other" is GPU, network, sockets and the like. */
type Kind = 'page' | 'browser' | 'other';

export interface BrowserUsage {
  /** Peak resident bytes of the largest page process. */
  page: number;
  /** Peak resident bytes of the browser (parent) process. */
  browser: number;
  /** CPU seconds used by each kind of process together. */
  cpu: Record<Kind, number>;
}

/**
 * Samples every 250 ms, until `stop`, the processes of each browser this process started: peak
 * memory of the largest page process and of the browser process, and CPU seconds per kind.
 */
export function sampleBrowsers() {
  const peak = { Chromium: { page: 0, browser: 0 }, Firefox: { page: 0, browser: 0 } };
  /** CPU ticks per pid: first and latest reading. */
  const ticks = new Map<number, { browser: BrowserName; kind: Kind; first: number; last: number }>();
  const sample = () => {
    const parents = parentsByPid();
    for (const [pid] of parents) {
      if (!descends(pid, parents)) continue;
      let process: { browser: BrowserName; kind: Kind } | null;
      let stat: string;
      try {
        // Split on spaces too: a Chromium child rewrites its command line as one string.
        process = kindOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/));
        if (!process) continue;
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const { browser, kind } = process;
      if (kind !== 'other') peak[browser][kind] = Math.max(peak[browser][kind], rssOf(pid));
      const used = statFields(stat).slice(11, 13).map(Number).reduce((a, b) => a + b); // utime + stime
      const seen = ticks.get(pid);
      if (seen) seen.last = used;
      else ticks.set(pid, { browser, kind, first: used, last: used });
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop(): Record<BrowserName, BrowserUsage> {
      clearInterval(timer);
      sample();
      const usage = {
        Chromium: { ...peak.Chromium, cpu: { page: 0, browser: 0, other: 0 } },
        Firefox: { ...peak.Firefox, cpu: { page: 0, browser: 0, other: 0 } },
      };
      for (const { browser, kind, first, last } of ticks.values()) usage[browser].cpu[kind] += (last - first) / CLOCK_TICKS_PER_SECOND;
      return usage;
    },
  };
}

function kindOf([program = '', ...args]: string[]): { browser: BrowserName; kind: Kind } | null {
  if (program.includes('chromium')) {
    const type = args.find((arg) => arg.startsWith('--type='));
    return { browser: 'Chromium', kind: type === '--type=renderer' ? 'page' : type ? 'other' : 'browser' };
  }
  if (program.includes('firefox')) {
    // A content process ends its arguments with its type: `tab`, `socket`, `rdd`, `forkserver`, …
    if (!args.includes('-contentproc')) return { browser: 'Firefox', kind: 'browser' };
    return { browser: 'Firefox', kind: args.filter(Boolean).at(-1) === 'tab' ? 'page' : 'other' };
  }
  return null;
}

/** Every process's parent, from /proc/<pid>/stat. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)) {
    try {
      parents.set(pid, Number(statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'))[1]));
    } catch {
      // exited meanwhile
    }
  }
  return parents;
}

function descends(pid: number, parents: Map<number, number>): boolean {
  for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) if (at === process.pid) return true;
  return false;
}

/** The fields of /proc/<pid>/stat after the parenthesised command name: state, ppid, … (field 3 on). */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
