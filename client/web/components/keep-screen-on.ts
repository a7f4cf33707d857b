import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatModel } from '../chat/chat-model.ts';

/**
 * Keeps the screen on while a file moves or a call is on (a phone would dim and lock, and a locked
 * phone suspends the page), and lets it sleep again after. The browser drops the lock whenever the
 * page is hidden, so it is taken again when the page is back in view. Without the Wake Lock API,
 * or when the browser refuses, nothing changes.
 */
export class KeepScreenOn implements ReactiveController {
  #lock: WakeLockSentinel | null = null;
  #requesting = false;
  #stop: (() => void) | null = null;
  readonly #sync = () => this.#update();

  constructor(
    host: ReactiveControllerHost,
    private readonly model: ChatModel,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const off = this.model.on('change', this.#sync);
    document.addEventListener('visibilitychange', this.#sync);
    this.#stop = () => {
      off();
      document.removeEventListener('visibilitychange', this.#sync);
    };
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
    this.#release();
  }

  #update(): void {
    const wanted = this.model.busy && document.visibilityState === 'visible';
    if (!wanted) return this.#release();
    if (this.#lock || this.#requesting || !('wakeLock' in navigator)) return;
    this.#requesting = true;
    navigator.wakeLock
      .request('screen')
      .then((lock) => {
        this.#lock = lock;
        lock.addEventListener('release', () => {
          if (this.#lock === lock) this.#lock = null;
        });
      })
      .catch(() => {}) // refused (battery saver, say): the screen may sleep
      .finally(() => {
        this.#requesting = false;
        this.#update(); // things may have changed while the browser decided
      });
  }

  #release(): void {
    const lock = this.#lock;
    this.#lock = null;
    void lock?.release().catch(() => {});
  }
}
