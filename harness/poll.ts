/**
 * Asks `probe` again every `everyMs` until it gives a value (anything but null, undefined or
 * false) and resolves with it; rejects after `timeoutMs`, naming `what` it waited for. For states a
 * driver can only ask about, never for letting time pass.
 */
export async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>, everyMs = 100): Promise<T> {
  const giveUp = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (performance.now() >= giveUp) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
