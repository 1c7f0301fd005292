import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const run = promisify(execFile);
// The S3 engineer's scripts: a throw-away Ceph cluster (monitor, memstore OSD, radosgw) on 127.0.0.1.
const scripts = fileURLToPath(new URL('../../../../../scripts/radosgw/', import.meta.url));

export interface RadosgwState {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface Radosgw {
  state: RadosgwState;
  /** Stops the instance this helper started (not one reused through RADOSGW_STATE). */
  stop(): Promise<void>;
}

/**
 * Starts a radosgw for the suite of `context` (a mocha `before`), or reuses the one RADOSGW_STATE names
 * (started by hand with scripts/radosgw/start.sh). When it cannot start: fails in CI, skips the suite elsewhere.
 */
export async function startRadosgw(context: Mocha.Context, suite: string): Promise<Radosgw> {
  const reuse = process.env.RADOSGW_STATE;
  let stateDir: string | undefined;
  let stateFile: string | undefined;
  const stop = async (): Promise<void> => {
    if (stateFile !== undefined) await run('bash', [join(scripts, 'stop.sh'), stateFile], { timeout: 30_000 }).catch(() => undefined);
    if (stateDir !== undefined) await rm(stateDir, { recursive: true, force: true });
  };
  try {
    if (reuse === undefined) {
      stateDir = await mkdtemp(join(tmpdir(), 'cdn-accel-rgw-state-'));
      stateFile = join(stateDir, 'state.json');
      await run('bash', [join(scripts, 'start.sh'), stateFile], { timeout: 150_000 });
    }
    return { state: JSON.parse(readFileSync(reuse ?? (stateFile as string), 'utf8')) as RadosgwState, stop };
  } catch (error) {
    await stop();
    const reason = `radosgw could not be started: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`;
    if (process.env.CI === 'true') throw new Error(reason);
    process.stderr.write(`\n  !!! SKIPPING the ${suite}: ${reason.trim()}\n  !!! Install radosgw ceph-mon ceph-osd ceph-common (see .ci/run) to run it.\n\n`);
    context.skip();
  }
}

/** Creates `bucket` on the radosgw and uploads `objects` (key → bytes) into it. */
export async function createBucketWith(state: RadosgwState, bucket: string, objects: Map<string, Buffer>, contentType?: string): Promise<void> {
  const client = new S3Client({
    region: state.region,
    endpoint: state.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: state.accessKeyId, secretAccessKey: state.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [key, bytes] of objects) await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
  } finally {
    client.destroy();
  }
}
