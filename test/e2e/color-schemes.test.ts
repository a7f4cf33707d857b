/**
 * Light and dark: the app follows the system's `prefers-color-scheme`, and in each the text people
 * see meets WCAG AA contrast against what is behind it (4.5:1, or 3:1 for large text), measured on
 * the rendered page: the join screen, then the list, the Everyone room and a private chat with
 * messages both ways.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs, messageIn } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: light and dark');

/**
 * Every visible text (through shadow roots) whose contrast is below AA, as `text: ratio (colour on
 * background)`, and how many were measured. The background is the ancestors' colours composed
 * until one is opaque; disabled controls are exempt (WCAG 1.4.3). A string, not a function: tsx
 * would wrap the functions in it in a helper the page does not have.
 */
const LOW_CONTRAST = `(() => {
  const parse = (value) => {
    const [r, g, b, a = 1] = value.match(/[\\d.]+/g).map(Number);
    return { r, g, b, a };
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const [R, G, B] = [r, g, b].map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const up = (node) => node.parentElement ?? node.parentNode?.host ?? null;
  const background = (element) => {
    const layers = [];
    for (let node = element; node; node = up(node)) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour.a > 0) layers.push(colour);
      if (colour.a === 1) break;
    }
    return layers.reduceRight((below, top) => over(top, below), { r: 255, g: 255, b: 255, a: 1 });
  };
  const low = [];
  let measured = 0;
  const visit = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) visit(element.shadowRoot);
      const text = [...element.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
      if (!text || element.matches(':disabled, style, script, title')) continue;
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (box.width === 0 || box.height === 0 || style.visibility !== 'visible' || element.closest('[hidden]')) continue;
      const behind = background(element);
      const colour = over(parse(style.color), behind);
      const [light, dark] = [luminance(colour), luminance(behind)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      measured += 1;
      if (ratio < (large ? 3 : 4.5)) low.push(text.slice(0, 40) + ': ' + ratio.toFixed(2) + ' (' + style.color + ' on ' + JSON.stringify(behind) + ')');
    }
  };
  visit(document);
  return { low, measured };
})()`;

async function checkContrast(page: Page, where: string): Promise<void> {
  const { low, measured } = (await page.evaluate(LOW_CONTRAST)) as { low: string[]; measured: number };
  assert.ok(measured >= 3, `${where}: some text measured`);
  assert.equal(low, [], `${where}: text below AA`);
}

async function openIn(scheme: 'light' | 'dark'): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme, permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  await page.goto(world.server.url);
  return page;
}

for (const scheme of ['light', 'dark'] as const) {
  test(`${scheme}: the page follows the system, and every text meets AA on the join screen, the list, Everyone and a private chat`, async () => {
    const page = await openIn(scheme);
    const other = await openIn(scheme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const luminous = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((sum, c) => sum + c, 0) > 3 * 128;
    assert.is(luminous(await background()), scheme === 'light', `a ${scheme} page`);

    await page.getByRole('textbox', { name: 'Username' }).fill('');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByRole('alert').getByText(/./).waitFor({ timeout: 2000 });
    await checkContrast(page, 'join screen, with its message');

    await joinAs(other, 'Bob');
    await joinAs(page, 'Alice');
    await say(other, 'hello room');
    await messageIn(page, 'hello room').waitFor({ timeout: 5000 });
    await say(page, 'hi https://example.org');
    await messageIn(page, 'hi https://example.org', 'sent').waitFor({ timeout: 5000 });
    await checkContrast(page, 'Everyone');

    await page.getByRole('listitem', { name: /^Bob/ }).click();
    await other.getByRole('listitem', { name: /^Alice/ }).click();
    await say(page, 'just us');
    await say(other, 'indeed');
    await messageIn(page, 'indeed').waitFor({ timeout: 20_000 });
    await messageIn(page, 'just us', 'delivered').waitFor({ timeout: 10_000 });
    await checkContrast(page, 'a private chat');
    await page.context().close();
    await other.context().close();
  });
}

test.run();
