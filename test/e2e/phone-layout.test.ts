/**
 * The app on a small phone (360×740): no page scrolls sideways, not even with a name of the full
 * 32 characters, and everything that can be tapped is at least 44 px each way.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';

const { test, world } = browserSuite('e2e: phone layout');

const PHONE = { width: 360, height: 740 };
const LONGEST_NAME = `Alexandra ${'x'.repeat(22)}`;

/**
 * Every visible control (through shadow roots) smaller than 44×44 px, as `name w×h`. A string, not a
 * function: tsx would wrap the functions in it in a helper the page does not have.
 */
const SMALL_TARGETS = `(() => {
  const found = [];
  const visit = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) visit(element.shadowRoot);
      if (!element.matches('button, input, textarea, select, [role="listitem"], [tabindex="0"]')) continue;
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || element.closest('[hidden]')) continue;
      if (box.width < 44 || box.height < 44) {
        const name = element.getAttribute('aria-label') || element.textContent.trim().slice(0, 30) || element.tagName;
        found.push(name + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
      }
    }
  };
  visit(document);
  return found;
})()`;

async function phone(name: string): Promise<Page> {
  const context = await world.browser.newContext({ viewport: PHONE, permissions: ['camera', 'microphone'], hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await page.goto(world.server.url);
  await joinAs(page, name);
  return page;
}

function sideways(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at 360 px wide with a 32-character name: no sideways scroll in the list or a chat, and every tap target is 44 px', async () => {
  const bob = await phone('Bob');
  const me = await phone(LONGEST_NAME);
  assert.is(await sideways(me), 0, 'the list scrolls sideways');
  assert.equal(await me.evaluate(SMALL_TARGETS), [], 'small targets in the list');

  await me.getByRole('listitem', { name: /^Bob/ }).click();
  await me.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 5000 });
  assert.is(await sideways(me), 0, 'the chat scrolls sideways');
  assert.equal(await me.evaluate(SMALL_TARGETS), [], 'small targets in the chat');
  await me.context().close();
  await bob.context().close();
});

test('the join screen at 360 px: no sideways scroll, Join and the field 44 px high', async () => {
  const context = await world.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(world.server.url);
  await page.getByRole('textbox', { name: 'Username' }).fill(LONGEST_NAME);
  assert.is(await sideways(page), 0);
  assert.equal(await page.evaluate(SMALL_TARGETS), []);
  await context.close();
});

test.run();
