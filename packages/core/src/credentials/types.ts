/** AWS credentials, the shape the AWS SDK's credential providers resolve to. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials (STS, SSO, instance roles); signed as `X-Amz-Security-Token`. */
  sessionToken?: string;
  /** When temporary credentials stop working. Presigned URLs never outlive it. */
  expiration?: Date;
}

/** Any async source of credentials: an AWS SDK provider (`fromIni()`, `fromTemporaryCredentials()`…) or your own. */
export type CredentialProvider = () => Promise<AwsCredentials>;
