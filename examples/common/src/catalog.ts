/** The protected files the app knows about. In a real app this is your database. */
export const BOOKS = [
  { name: 'moby dick.pdf', title: 'Moby Dick (PDF)' },
  { name: 'release-notes.txt', title: 'Release notes (text)' },
] as const;

/** The HLS video: its playlist lives at `<CDN>/videos/demo/index.m3u8`, segments beside it. */
export const VIDEO = { id: 'demo', playlist: 'index.m3u8', title: 'Demo video (HLS)' } as const;

export function findBook(name: string): (typeof BOOKS)[number] | undefined {
  return BOOKS.find((book) => book.name === name);
}

/** The internal path the app answers with, exactly as it would for Nginx. */
export function internalBookPath(name: string): string {
  return `/protected/${encodeURIComponent(name)}`;
}
