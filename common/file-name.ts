/**
 * A received file's name made safe to save: no directories, no control or reserved characters,
 * no leading dots (hidden files, `..`), not a Windows device name, and not absurdly long.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  let safe = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"|?*\u202a-\u202e\u2066-\u2069]/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/iu.test(safe)) safe = `_${safe}`;
  if (safe.length > 200) {
    const dot = safe.lastIndexOf('.');
    const extension = dot > 0 && safe.length - dot <= 16 ? safe.slice(dot) : '';
    safe = safe.slice(0, 200 - extension.length) + extension;
  }
  return safe || 'download';
}
