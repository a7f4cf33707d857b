/** A small typed event emitter that works the same in Node and the browser. */
export type EventMap = Record<string, (...args: any[]) => void>;

export class Emitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, listener: Events[K]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Resolves with the arguments of the next `event` for which `accept` holds. */
  next<K extends keyof Events>(event: K, accept: (...args: Parameters<Events[K]>) => boolean = () => true) {
    return new Promise<Parameters<Events[K]>>((resolve) => {
      const off = this.on(event, ((...args: Parameters<Events[K]>) => {
        if (!accept(...args)) return;
        off();
        resolve(args);
      }) as Events[K]);
    });
  }

  protected emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) listener(...args);
  }
}
