import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ChatModel } from './chat-model.ts';

/** Re-renders its host whenever the model changes, for as long as the host is in the document. */
export class ModelController implements ReactiveController {
  #off: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly model: ChatModel,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#off = this.model.on('change', () => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = null;
  }
}
