/**
 * Zod compiles its object parsers with `new Function` where it may, and finds out whether it may
 * by calling `Function('')` once. The server's Content-Security-Policy allows no eval, so the probe
 * is blocked, harmlessly for zod but visibly: Firefox reports it as a page error and a
 * `securitypolicyviolation`. Saying up front that there is no eval here skips the probe.
 * `chat-entry.ts` imports this first, before any schema parses.
 */
import { config } from 'zod';

config({ jitless: true });
