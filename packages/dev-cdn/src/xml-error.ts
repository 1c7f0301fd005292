/** Which real service a refusal imitates: the body and codes differ between them. */
export type DevCdnService = 'cloudfront' | 's3' | 'google-cdn' | 'gcs' | 'bunny' | 'secure-link';

/** One refusal, in the words CloudFront or S3 would use. */
export interface DevCdnRefusal {
  status: number;
  /** CloudFront/S3 error code, e.g. `AccessDenied`, `MissingKey`, `SignatureDoesNotMatch`, `NoSuchKey`. */
  code: string;
  message: string;
  /** Extra S3 elements (`Expires`, `ServerTime`, `Key`…), written after `Message` in this order. */
  details?: Array<[name: string, value: string]>;
  /** A body of the provider's own shape (Nginx's HTML page, a plain text), sent instead of the XML error. */
  body?: { contentType: string; text: string };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/**
 * The XML body CloudFront and S3 send with a refusal:
 * `<?xml version="1.0" encoding="UTF-8"?><Error><Code>…</Code><Message>…</Message></Error>`.
 */
export function renderXmlError(refusal: DevCdnRefusal): string {
  const extra = (refusal.details ?? []).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(refusal.code)}</Code><Message>${escapeXml(refusal.message)}</Message>${extra}</Error>`
  );
}
