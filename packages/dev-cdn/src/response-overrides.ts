/** The S3 `response-*` query parameters and the header each one sets (S3 GetObject "Overriding response header values"). */
export const RESPONSE_OVERRIDE_PARAMETERS: ReadonlyArray<[parameter: string, header: string]> = [
  ['response-content-type', 'Content-Type'],
  ['response-content-language', 'Content-Language'],
  ['response-expires', 'Expires'],
  ['response-cache-control', 'Cache-Control'],
  ['response-content-disposition', 'Content-Disposition'],
  ['response-content-encoding', 'Content-Encoding'],
];

const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Reads the overrides from a query whose signature has been verified. Only call this after verification:
 * the values are trusted because the signer chose them.
 */
export function overridesFromQuery(query: URLSearchParams): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [parameter, header] of RESPONSE_OVERRIDE_PARAMETERS) {
    const value = query.get(parameter);
    // SECURITY: a CR or LF would split the response; Node refuses them too, this keeps the refusal graceful.
    if (value !== null && HEADER_VALUE.test(value)) overrides[header] = value;
  }
  return overrides;
}
