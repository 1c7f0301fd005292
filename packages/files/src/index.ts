export { files } from './files-target.js';
export type { FilesOptions } from './files-options.js';
