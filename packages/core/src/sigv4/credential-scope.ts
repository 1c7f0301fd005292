/** The parts of a V4 credential `<id>/<yyyymmdd>/<region or location>/<service>/<terminator>`. */
export interface CredentialScope {
  id: string;
  day: string;
  region: string;
}

/**
 * Splits a V4 credential (AWS `X-Amz-Credential`, Google `X-Goog-Credential`) and checks its shape; undefined when
 * it is not `<id>/<8 digits>/<region>/<service>/<terminator>`. Each verifier words its own provider's error.
 */
export function parseCredentialScope(value: string, service: string, terminator: string): CredentialScope | undefined {
  const parts = value.split('/');
  const [id = '', day = '', region = ''] = parts;
  if (parts.length !== 5 || id === '' || !/^\d{8}$/.test(day) || region === '' || parts[3] !== service || parts[4] !== terminator) return undefined;
  return { id, day, region };
}

/** Whether an `X-…-Expires` value is a number of seconds as V4 verifiers accept it (at most 7 digits). */
export function isExpiresSeconds(value: string): boolean {
  return /^\d{1,7}$/.test(value);
}
