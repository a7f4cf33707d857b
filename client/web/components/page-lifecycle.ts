import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatModel } from '../chat/chat-model.ts';

/**
 * What the page going out of view and back means for the chat, while its host is on the page:
 * unread counts only while nobody looks; a connection checked on coming back (a phone closes a
 * suspended page's WebSocket without the page hearing of it: back in view, restored from the
 * back/forward cache, or resumed after being frozen); and a call hung up when the tab closes, so the
 * other side hears "hung up" rather than waiting for the link to die.
 */
export class PageLifecycle implements ReactiveController {
  #listening: AbortController | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly model: ChatModel,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#listening = new AbortController();
    const { signal } = this.#listening;
    const checkConnection = () => this.model.signaling.checkConnection();
    document.addEventListener('visibilitychange', () => {
      const visible = document.visibilityState === 'visible';
      this.model.setLooking(visible);
      if (visible) checkConnection();
    }, { signal });
    window.addEventListener('pageshow', (event) => event.persisted && checkConnection(), { signal });
    document.addEventListener('resume', checkConnection, { signal });
    window.addEventListener('pagehide', () => this.model.calls.hangUp(), { signal });
  }

  hostDisconnected(): void {
    this.#listening?.abort();
    this.#listening = null;
  }
}
