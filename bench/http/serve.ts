import { createPrivateKey } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Accel } from '@cdn-accel/core';
import { startApp } from './apps.js';
import { engine, signTime, touchAll } from './engine.js';
import type { ServeReply, ServeRequest, ServeSetup, SetupMessage } from './protocol.js';
import { timed, type Stopwatch } from './stopwatch.js';

// One measured configuration of the HTTP benchmark, in a fresh process of its own: no earlier app's heap or JIT
// state, and none of the bench's own bookkeeping, lands on its figures. The parent sets it up and asks for its
// counters over IPC (protocol.ts); it listens on 127.0.0.1 and ends with the parent's IPC channel.
const send = (reply: ServeReply): void => {
  process.send?.(reply);
};

process.once('disconnect', () => process.exit(0));

const setup = await new Promise<ServeSetup>((resolve) => {
  process.once('message', (message: SetupMessage) => resolve(message.setup));
});

let accel: Accel | undefined;
let stopwatch: Stopwatch | undefined;
const objects = setup.kind === 'accel' ? (setup.objects ?? 0) : 0;
if (setup.kind === 'accel') {
  accel = engine(createPrivateKey(setup.privateKey), setup.cache, setup.expiresIn);
  // Only cache-off runs carry the stopwatch: on cache hits its two clock reads would be a noticeable share.
  if (!setup.cache) stopwatch = timed(accel);
}
const app = await startApp(
  setup.kind === 'hand'
    ? { framework: setup.framework, handUrl: setup.handUrl, signEach: setup.privateKey === undefined ? undefined : createPrivateKey(setup.privateKey), extra: setup.extra }
    : { framework: setup.framework, accel: stopwatch?.accel ?? accel, objects: setup.objects },
);

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let cpuSince = process.cpuUsage();

function reset(): void {
  stopwatch?.reset();
  delay.reset();
  cpuSince = process.cpuUsage();
  send({ type: 'reset' });
}

process.on('message', (message: ServeRequest) => {
  switch (message.type) {
    case 'reset':
      if (message.touchAll && accel !== undefined) {
        touchAll(accel, objects);
        // The event-loop monitor reports the touch's own stall when its next timer fires late: zero the counters
        // only after that, a few milliseconds on (far too short for entries to go stale together).
        setTimeout(reset, 5);
      } else {
        reset();
      }
      break;
    case 'report': {
      const cpu = process.cpuUsage(cpuSince);
      send({ type: 'report', report: { cpuUs: cpu.user + cpu.system, maxDelayMs: delay.max / 1e6, decideMs: stopwatch?.meanMs() } });
      break;
    }
    case 'sign-time':
      send({ type: 'sign-time', ms: accel === undefined ? Number.NaN : signTime(accel) });
      break;
  }
});
send({ type: 'setup', url: app.url });
