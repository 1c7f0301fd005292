import { readListHeader, readSingleHeader } from '../header/read-header.js';
import type { AccelResponseView } from '../contract/request.js';
import type { CarryHeaders, ResponseOverrides } from '../contract/target.js';

/** The app headers a location carries into the object response, or undefined when it carries none or none is set. */
export function readOverrides(response: AccelResponseView, carry: CarryHeaders): ResponseOverrides | undefined {
  let overrides: ResponseOverrides | undefined;
  if (carry.contentDisposition) {
    const value = readSingleHeader(response, 'content-disposition');
    if (typeof value === 'string') (overrides ??= {}).contentDisposition = value;
  }
  if (carry.cacheControl) {
    const value = readListHeader(response, 'cache-control');
    if (value !== undefined) (overrides ??= {}).cacheControl = value;
  }
  if (carry.contentType) {
    const value = readSingleHeader(response, 'content-type');
    // An empty Content-Type means "not set", as in Nginx: Django apps clear theirs so the object's own is served.
    if (typeof value === 'string' && value.trim() !== '') (overrides ??= {}).contentType = value;
  }
  return overrides;
}

/** The overrides as one cache-key fragment. */
export function overridesKey(overrides: ResponseOverrides | undefined): string {
  if (overrides === undefined) return '';
  return `${overrides.contentDisposition ?? ''}\u0000${overrides.cacheControl ?? ''}\u0000${overrides.contentType ?? ''}`;
}
