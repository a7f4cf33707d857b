import * as assert from 'uvu/assert';
import { fileKind, previewable } from '../../../client/web/ui/file-kind.ts';
import { test } from '../../helpers/suite.ts';

test('the type says the kind where it names one; else the extension, in any case', () => {
  assert.is(fileKind('holiday.bin', 'image/jpeg'), 'image');
  assert.is(fileKind('clip', 'video/webm'), 'video');
  assert.is(fileKind('Song.MP3', 'application/octet-stream'), 'audio');
  assert.is(fileKind('backup.tar.gz', ''), 'archive');
  assert.is(fileKind('report.pdf', 'application/pdf'), 'document');
  assert.is(fileKind('no-extension', ''), 'other');
  assert.is(fileKind('.bashrc', ''), 'other');
});

test('videos of any size get a preview, images only up to a size, other kinds none', () => {
  assert.ok(previewable('video', 4 * 1024 ** 3));
  assert.ok(previewable('image', 5_000_000));
  assert.not.ok(previewable('image', 400_000_000));
  assert.not.ok(previewable('document', 10));
});

test.run();
