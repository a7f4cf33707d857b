/**
 * What sort of file a transfer carries, for its card's icon and whether it gets a preview. The type
 * is the sender's word and the name's extension a guess, so a kind only picks a picture: the bytes
 * are never handled by it (a preview is an `<img>` or `<video>`, which read the file themselves).
 */
export type FileKind = 'image' | 'video' | 'audio' | 'archive' | 'document' | 'other';

const BY_EXTENSION: Record<string, FileKind> = {};
for (const [kind, extensions] of Object.entries({
  image: 'png jpg jpeg gif webp avif bmp svg heic',
  video: 'mp4 m4v webm mov mkv ogv avi',
  audio: 'mp3 m4a aac ogg oga opus wav flac',
  archive: 'zip gz tgz bz2 xz 7z rar tar zst',
  document: 'pdf txt md rtf doc docx odt xls xlsx ods ppt pptx odp csv epub',
}) as Array<[FileKind, string]>) {
  for (const extension of extensions.split(' ')) BY_EXTENSION[extension] = kind;
}

export function fileKind(name: string, type: string): FileKind {
  const major = type.split('/')[0];
  if (major === 'image' || major === 'video' || major === 'audio') return major;
  return BY_EXTENSION[name.toLowerCase().split('.').pop() ?? ''] ?? 'other';
}

export const FILE_ICONS: Record<FileKind, string> = {
  image: '🖼️',
  video: '🎞️',
  audio: '🎵',
  archive: '🗜️',
  document: '📄',
  other: '📦',
};

/** Images past this are not decoded for a preview: a picture that large costs the page more memory than a glance is worth. */
const IMAGE_PREVIEW_MAX_BYTES = 40 * 1024 * 1024;

/** Whether a finished file of this kind and size is shown in its card (videos stream from the file, so any size). */
export function previewable(kind: FileKind, size: number): boolean {
  return kind === 'video' || (kind === 'image' && size <= IMAGE_PREVIEW_MAX_BYTES);
}
