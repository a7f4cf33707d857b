/** What Chromium's processes use while a benchmark runs, read from /proc (Linux). */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: what /proc/<pid>/stat counts CPU time in, on every Linux build that matters. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Chromium's processes during a run, read from /proc every 250 ms: the peak resident memory of the
 * largest renderer and of the browser process, and the CPU seconds each kind of process used
 * (renderers together; "other" is the GPU, network and other utility processes).
 */
export function sampleChromium() {
  const peak = { renderer: 0, browser: 0 };
  /** CPU ticks per pid: first and latest reading. */
  const ticks = new Map<number, { kind: 'renderer' | 'browser' | 'other'; first: number; last: number }>();
  const sample = () => {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)) {
      let command = '';
      let stat = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!command.includes('chromium')) continue;
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const kind = command.includes('--type=renderer') ? 'renderer' : command.includes('--type=') ? 'other' : 'browser';
      if (kind !== 'other') peak[kind] = Math.max(peak[kind], rssOf(pid));
      // utime and stime, fields 14 and 15, counted after the parenthesised command name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      const seen = ticks.get(pid);
      if (seen) seen.last = used;
      else ticks.set(pid, { kind, first: used, last: used });
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpu = { renderer: 0, browser: 0, other: 0 };
      for (const { kind, first, last } of ticks.values()) cpu[kind] += (last - first) / CLOCK_TICKS_PER_SECOND;
      return { ...peak, cpu };
    },
  };
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
