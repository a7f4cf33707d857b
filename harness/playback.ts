/**
 * Watching a media element play, in the page: both browser drivers and the Chromium suites run
 * `recordPlayback` as an element's `evaluate` callback (Playwright's locator or Puppeteer's element
 * handle alike). It declares no named functions inside: tsx would wrap those in a helper
 * (`__name`) the page does not have.
 */

/** One look at a media element during `recordPlayback`. */
export interface PlaybackSample {
  /** Milliseconds since sampling began. */
  at: number;
  currentTime: number;
  readyState: number;
  /** Said only when true: a paused element stands still whatever arrives. */
  paused?: true;
}

/** What a media element did while it was watched: its samples, and every event of it starting its source over. */
export interface PlaybackRecord {
  samples: PlaybackSample[];
  /** `emptied`, `abort` and `loadstart`: the element dropped what it had and loads again. */
  reloads: Array<{ at: number; type: string }>;
}

/** How long to watch, and how often to look. */
export interface PlaybackWatch {
  durationMs: number;
  everyMs: number;
}

/**
 * Samples `currentTime`, `readyState` and `paused` every `everyMs` for `durationMs`, and notes
 * each reload event. Measurement only; it changes nothing.
 */
export async function recordPlayback(element: HTMLMediaElement, { durationMs, everyMs }: PlaybackWatch): Promise<PlaybackRecord> {
  const start = performance.now();
  const listening = new AbortController();
  const reloads: PlaybackRecord['reloads'] = [];
  for (const type of ['emptied', 'abort', 'loadstart']) {
    element.addEventListener(type, () => reloads.push({ at: Math.round(performance.now() - start), type }), { signal: listening.signal });
  }
  const samples: PlaybackSample[] = [];
  for (;;) {
    const sample: PlaybackSample = { at: Math.round(performance.now() - start), currentTime: element.currentTime, readyState: element.readyState };
    if (element.paused) sample.paused = true;
    samples.push(sample);
    if (performance.now() - start >= durationMs) break;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  listening.abort();
  return { samples, reloads };
}
