/** The object every request asks for, unless the app spreads its requests over many. */
export const SAMPLE_PATH = '/protected/books/moby%20dick.pdf';

/** The index-th of the many objects of the cache-window runs. */
export const objectPath = (index: number): string => `/protected/objects/file-${index}.bin`;
