import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** How far one arrow key press moves the host, in CSS pixels. */
const KEY_STEP = 24;

/**
 * Lets a fixed-position host be moved out of the way: dragged by a handle, or moved with the arrow
 * keys while the handle has the focus. The offset is a `translate` on the host, kept so that the
 * whole host stays inside the window (also when the window shrinks).
 */
export class Movable implements ReactiveController {
  #x = 0;
  #y = 0;
  /** Where the pointer took hold, relative to the offset then. */
  #grab: { pointer: number; dx: number; dy: number } | null = null;
  readonly #onResize = () => this.#moveTo(this.#x, this.#y);

  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  hostConnected(): void {
    addEventListener('resize', this.#onResize);
  }

  hostDisconnected(): void {
    removeEventListener('resize', this.#onResize);
  }

  /** Spread on the handle: `@pointerdown=${movable.onPointerDown}` and the rest. */
  readonly onPointerDown = (event: PointerEvent): void => {
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
    this.#grab = { pointer: event.pointerId, dx: event.clientX - this.#x, dy: event.clientY - this.#y };
  };

  readonly onPointerMove = (event: PointerEvent): void => {
    if (this.#grab?.pointer !== event.pointerId) return;
    this.#moveTo(event.clientX - this.#grab.dx, event.clientY - this.#grab.dy);
  };

  readonly onPointerUp = (event: PointerEvent): void => {
    if (this.#grab?.pointer === event.pointerId) this.#grab = null;
  };

  readonly onKeyDown = (event: KeyboardEvent): void => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!step) return;
    event.preventDefault();
    this.#moveTo(this.#x + step[0]! * KEY_STEP, this.#y + step[1]! * KEY_STEP);
  };

  #moveTo(x: number, y: number): void {
    // Where the host would be without any offset, to keep the offset within the window.
    const box = this.host.getBoundingClientRect();
    const left = box.left - this.#x;
    const top = box.top - this.#y;
    this.#x = Math.min(Math.max(x, -left), innerWidth - box.width - left);
    this.#y = Math.min(Math.max(y, -top), innerHeight - box.height - top);
    this.host.style.translate = `${this.#x}px ${this.#y}px`;
  }
}
