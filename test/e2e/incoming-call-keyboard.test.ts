/**
 * The incoming-call dialog with the keyboard: it opens with `Accept` focused, Tab and Shift+Tab stay
 * inside it, and Escape declines.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserSuite } from '../helpers/browser-suite.ts';
import { callStatus, ring } from '../helpers/calls.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: incoming call, keyboard');

/** The focused element's text and whether it is inside the incoming-call dialog (through shadow roots). */
function focused(page: Page): Promise<{ text: string; inDialog: boolean }> {
  return page.evaluate(`(() => {
    let element = document.activeElement;
    let inDialog = false;
    while (element) {
      if (element.localName === 'incoming-call') inDialog = true;
      if (!element.shadowRoot?.activeElement) break;
      element = element.shadowRoot.activeElement;
    }
    return { text: element?.textContent.trim() ?? '', inDialog };
  })()`);
}

test('Accept has the focus, Tab and Shift+Tab never leave the dialog, Escape declines', async () => {
  const [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  await ring(alice, bob, 'Voice call');
  assert.equal(await focused(bob), { text: 'Accept', inDialog: true });
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await bob.keyboard.press(key);
    assert.ok((await focused(bob)).inDialog, `after ${key} the focus is still in the dialog: ${JSON.stringify(await focused(bob))}`);
  }
  await bob.keyboard.press('Escape');
  await callStatus(alice).getByText('Bob declined the call').waitFor({ timeout: 5000 });
  await bob.getByRole('alertdialog').waitFor({ state: 'detached', timeout: 5000 });
  await alice.context().close();
  await bob.context().close();
});

test.run();
