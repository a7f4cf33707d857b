/**
 * uvu's `suite`, with one difference: what a `before` or `after` hook throws is printed.
 * uvu itself drops it (the `finally` in its runner returns over the error), so a suite whose
 * setup failed would show only `(0 / N)` and no reason.
 */
import { suite as uvuSuite, type Callback, type Test } from 'uvu';

type Hook = (hook: Callback) => void;

function loud(kind: string, title: string, register: Hook): Hook {
  return (hook) =>
    register(async (context) => {
      try {
        await hook(context);
      } catch (error) {
        console.error(`\n  ✘ ${kind} hook${title ? ` of "${title}"` : ''} failed:`, error);
        throw error;
      }
    });
}

export function suite(title = ''): Test {
  const test = uvuSuite(title);
  let started = 0;
  test.before(() => void (started = performance.now()));
  // Printed between the suite's dots and its count: which suites make the run long, in every log.
  test.after(() => void process.stdout.write(` [${((performance.now() - started) / 1000).toFixed(1)} s]`));
  const { before, after } = test;
  test.before = Object.assign(loud('before', title, before), { each: loud('before each', title, before.each) });
  test.after = Object.assign(loud('after', title, after), { each: loud('after each', title, after.each) });
  return test;
}

/** The untitled suite, like uvu's own `test`. */
export const test = suite();
