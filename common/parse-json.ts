import type * as z from 'zod';

/** Parses JSON text against a schema; null for anything malformed. Never throws. */
export function parseJsonAs<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
