import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SAMPLE_MEDIA, writeSampleMedia } from '../../src/sample-media.js';

describe('dev-cdn writeSampleMedia', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sample-media-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a PDF, and an HLS playlist whose segments exist and look like MPEG-TS', () => {
    writeSampleMedia(dir);
    const pdf = readFileSync(path.join(dir, SAMPLE_MEDIA.books[0])).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).to.equal(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).to.equal(true);
    const playlist = readFileSync(path.join(dir, SAMPLE_MEDIA.playlist), 'utf8');
    const listed = playlist.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(listed).to.deep.equal(SAMPLE_MEDIA.segments.map((segment) => path.posix.basename(segment)));
    for (const segment of SAMPLE_MEDIA.segments) {
      const bytes = readFileSync(path.join(dir, segment));
      expect(bytes.length % 188).to.equal(0);
      expect(bytes[0]).to.equal(0x47);
    }
  });

  it('leaves existing files alone', () => {
    writeSampleMedia(dir);
    writeFileSync(path.join(dir, SAMPLE_MEDIA.books[1]), 'mine');
    writeSampleMedia(dir);
    expect(readFileSync(path.join(dir, SAMPLE_MEDIA.books[1]), 'utf8')).to.equal('mine');
  });
});
