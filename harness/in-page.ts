/**
 * Functions both browser drivers run inside the page, on the `Remote video` element. They declare
 * no named functions inside: tsx would wrap those in a helper (`__name`) the page does not have.
 */

/**
 * Resolves with '' once `video` has played on for half a second (its `currentTime` advanced by 0.5
 * with a decoded picture), counting again from wherever it falls back to; otherwise, after 15 s,
 * with what it saw.
 */
export async function videoAdvances(video: HTMLVideoElement): Promise<string> {
  const giveUp = performance.now() + 15_000;
  let from = video.currentTime;
  for (;;) {
    const at = video.currentTime;
    if (at < from) from = at;
    if (at - from >= 0.5 && video.readyState >= 2 && video.videoWidth > 0) return '';
    const left = giveUp - performance.now();
    if (left <= 0) return `currentTime ${at} (from ${from}), readyState ${video.readyState}, ${video.videoWidth}×${video.videoHeight}, paused ${video.paused}`;
    // Playing video reports its time a few times a second; the timer only bounds a stalled wait.
    await new Promise((resolve) => {
      video.addEventListener('timeupdate', resolve, { once: true });
      setTimeout(resolve, Math.min(left, 500));
    });
  }
}

/**
 * Listens to the audio arriving with `video`'s stream, in 1.5 s windows (Chromium's fake
 * microphone beeps about once a second; Firefox's hums), until one window is `want` (a sound,
 * or nothing at all) or 10 s have passed. Audio already in the jitter buffer may still play out
 * right after a change, hence the retries.
 */
export async function audioIs(video: HTMLVideoElement, want: 'sound' | 'silence'): Promise<boolean> {
  const context = new AudioContext();
  // A context made without a user gesture starts suspended, and one with no audio device to run on
  // stays so (resume() never settles): it would hear nothing, and call that silence.
  await Promise.race([context.resume(), new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (context.state !== 'running') throw new Error(`the AudioContext stayed ${context.state}: no audio device to run on?`);
  const analyser = context.createAnalyser();
  context.createMediaStreamSource(video.srcObject as MediaStream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let heard = false;
  for (const giveUp = performance.now() + 10_000; !heard && performance.now() < giveUp; ) {
    let peak = 0;
    for (const end = performance.now() + 1500; performance.now() < end; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      analyser.getFloatTimeDomainData(samples);
      for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    }
    heard = want === 'sound' ? peak > 0.05 : peak < 0.001;
  }
  await context.close();
  return heard;
}
