/** A value that local keys produce at once and remote signers (KMS, HSM) produce later. */
export type MaybePromise<T> = T | Promise<T>;
