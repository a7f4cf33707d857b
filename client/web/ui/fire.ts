/** Dispatches a CustomEvent that bubbles out of shadow roots, the way every component here reports to the app. */
export function fire<T>(host: EventTarget, name: string, detail?: T): void {
  host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
