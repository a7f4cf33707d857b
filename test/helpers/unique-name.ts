let count = 0;

/** `base` and a number no other name of this test run has, so that tests sharing a server never meet. */
export function uniqueName(base: string): string {
  return `${base}-${++count}`;
}
