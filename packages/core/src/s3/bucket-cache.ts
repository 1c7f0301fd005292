import { assertBucketName } from './bucket-name.js';
import type { BucketAddress } from './endpoint.js';

const MAX_CACHED_BUCKETS = 1024;

/** Validates and addresses each bucket once; bounded, so arbitrary bucket names cannot grow it forever. */
export function createBucketCache(addressBucket: (bucket: string) => BucketAddress): (bucket: unknown) => BucketAddress {
  const buckets = new Map<string, BucketAddress>();
  return (bucket) => {
    const cached = typeof bucket === 'string' ? buckets.get(bucket) : undefined;
    if (cached !== undefined) return cached;
    assertBucketName(bucket);
    const address = addressBucket(bucket);
    if (buckets.size >= MAX_CACHED_BUCKETS) buckets.clear();
    buckets.set(bucket, address);
    return address;
  };
}
