/**
 * Loopback addresses besides 127.0.0.1: on Linux all of 127.0.0.0/8 reaches the loopback
 * interface, so one test can play several networks (an attacker, an office, a bystander) against
 * the per-address limits. Pass one as `localAddress` when connecting.
 */
export const loopback = (n: number): string => `127.0.0.${n}`;
