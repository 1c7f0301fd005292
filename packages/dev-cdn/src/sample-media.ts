import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** What `writeSampleMedia` lays out, relative to its folder. */
export const SAMPLE_MEDIA = {
  books: ['books/moby dick.pdf', 'books/release-notes.txt'],
  playlist: 'videos/demo/index.m3u8',
  segments: ['videos/demo/segment0.ts', 'videos/demo/segment1.ts', 'videos/demo/segment2.ts'],
} as const;

/** A one-page PDF that viewers open: enough to see a real download land with its file name. */
function samplePdf(title: string): Buffer {
  const text = `BT /F1 24 Tf 72 720 Td (${title}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** MPEG-TS-shaped bytes (188-byte packets with the 0x47 sync byte), distinct per segment. Not decodable video. */
function sampleSegment(index: number): Buffer {
  const packets = 32;
  const bytes = Buffer.alloc(188 * packets);
  for (let packet = 0; packet < packets; packet += 1) {
    bytes[packet * 188] = 0x47;
    bytes.fill((index * 31 + packet) % 251, packet * 188 + 1, (packet + 1) * 188);
  }
  return bytes;
}

function samplePlaylist(): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:VOD'];
  for (const segment of SAMPLE_MEDIA.segments) lines.push('#EXTINF:2.000,', path.posix.basename(segment));
  return `${[...lines, '#EXT-X-ENDLIST'].join('\n')}\n`;
}

/**
 * Writes a small media folder for the examples and the demo: two "books" (a PDF and a text file) and an HLS
 * playlist with three segments. Existing files are left alone, so a developer's own files survive.
 * Returns the folder.
 */
export function writeSampleMedia(folder: string): string {
  const files: Array<[string, Buffer | string]> = [
    [SAMPLE_MEDIA.books[0], samplePdf('Moby Dick - a cdn-accel sample')],
    [SAMPLE_MEDIA.books[1], 'Served by the cdn-accel local CDN emulator through a signed URL.\n'],
    [SAMPLE_MEDIA.playlist, samplePlaylist()],
    ...SAMPLE_MEDIA.segments.map((segment, index): [string, Buffer] => [segment, sampleSegment(index)]),
  ];
  for (const [relative, content] of files) {
    const target = path.join(folder, relative);
    if (existsSync(target)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return folder;
}
