/**
 * Who this tab joined as, kept in sessionStorage: a reload rejoins under the same name with its
 * resume token, while a new tab starts at the join screen.
 */
const KEY = 'chat-session';

export interface RememberedSession {
  name: string;
  resume?: string;
}

export function recallSession(): RememberedSession | null {
  try {
    const value: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof value !== 'object' || value === null) return null;
    const { name, resume } = value as Record<string, unknown>;
    if (typeof name !== 'string') return null;
    return { name, resume: typeof resume === 'string' ? resume : undefined };
  } catch {
    return null;
  }
}

export function rememberSession(session: RememberedSession | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: a reload simply shows the join screen.
  }
}
