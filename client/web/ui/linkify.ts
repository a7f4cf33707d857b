import { html, type TemplateResult } from 'lit';
import * as linkify from 'linkifyjs';

/**
 * Message text as lit parts: plain text stays text (lit escapes it), and only http(s) URLs become
 * links, opened in a new tab without giving it a handle on this one.
 */
export function linkified(text: string): Array<string | TemplateResult> {
  const parts: Array<string | TemplateResult> = [];
  let from = 0;
  for (const link of linkify.find(text, 'url')) {
    if (!/^https?:\/\//i.test(link.href)) continue;
    parts.push(text.slice(from, link.start));
    parts.push(html`<a href=${link.href} target="_blank" rel="noopener noreferrer">${link.value}</a>`);
    from = link.end;
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * linkifyjs builds its scanner on first use: ~40 ms of main thread here, which the first chat
 * message of a session then waited behind. Built while the page is idle instead.
 */
export function prepareLinkify(): void {
  const build = () => void linkify.find('');
  if ('requestIdleCallback' in globalThis) requestIdleCallback(build, { timeout: 2000 });
  else setTimeout(build, 0);
}
