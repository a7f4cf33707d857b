/**
 * The ring of an incoming call, synthesised with Web Audio (no sound file to ship or fetch): two
 * short tones, then a pause, until stopped.
 */
export class RingTone {
  #context: AudioContext | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  start(): void {
    if (this.#context || typeof AudioContext === 'undefined') return;
    const context = new AudioContext();
    this.#context = context;
    // Without a user gesture yet (a page that rejoined by itself after a reload) the context starts
    // suspended; the first key or click anywhere lets it ring.
    if (context.state === 'suspended') {
      const resume = () => void context.resume();
      for (const type of ['pointerdown', 'keydown']) document.addEventListener(type, resume, { once: true, capture: true });
    }
    const ring = () => {
      for (const offset of [0, 0.5]) this.#tone(context, context.currentTime + offset, 0.4);
    };
    ring();
    this.#timer = setInterval(ring, 3000);
  }

  stop(): void {
    clearInterval(this.#timer);
    void this.#context?.close();
    this.#context = null;
  }

  #tone(context: AudioContext, at: number, seconds: number): void {
    const oscillator = new OscillatorNode(context, { frequency: 440 });
    const second = new OscillatorNode(context, { frequency: 480 });
    const gain = new GainNode(context, { gain: 0 });
    // A short ramp in and out: a tone switched on and off abruptly clicks.
    gain.gain.setTargetAtTime(0.15, at, 0.01);
    gain.gain.setTargetAtTime(0, at + seconds, 0.01);
    oscillator.connect(gain);
    second.connect(gain);
    gain.connect(context.destination);
    for (const source of [oscillator, second]) {
      source.start(at);
      source.stop(at + seconds + 0.1);
    }
  }
}
