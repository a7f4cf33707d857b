/**
 * Requests waiting for the server's answer, matched by the id the request carried (`ref` in the
 * answer). A connection that goes away fails them all: an answer can only come on the socket that
 * was asked.
 */
export class PendingReplies<Reply> {
  readonly #waiting = new Map<string, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  #last = 0;

  /** A fresh id for a request, and the promise of its answer. */
  ask(): { id: string; reply: Promise<Reply> } {
    const id = `q${++this.#last}`;
    const reply = new Promise<Reply>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    return { id, reply };
  }

  /** The answer to `ref` arrived; an answer nobody waits for is dropped. */
  answer(ref: string | undefined, reply: Reply): void {
    if (ref === undefined) return;
    this.#waiting.get(ref)?.resolve(reply);
    this.#waiting.delete(ref);
  }

  /** `ref` failed (an error frame), or every request did (`ref` undefined: the socket went away). */
  fail(ref: string | undefined, error: Error): void {
    for (const [id, waiter] of this.#waiting) {
      if (ref !== undefined && id !== ref) continue;
      waiter.reject(error);
      this.#waiting.delete(id);
    }
  }
}
