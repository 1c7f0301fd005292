import { createPrivateKey } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Accel } from '@cdn-accel/core';
import { startApp } from './apps.js';
import { engine, signTime, touchAll } from './engine.js';
import type { ServeReply, ServeRequest, ServeSetup, SetupMessage } from './protocol.js';

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

const accel: Accel | undefined = setup.kind === 'accel' ? engine(createPrivateKey(setup.privateKey), setup.cache, setup.expiresIn, setup.batchSignatures ?? true, setup.provider) : undefined;
const objects = setup.kind === 'accel' ? (setup.objects ?? 0) : 0;
const app = await startApp(
  setup.kind === 'hand'
    ? { framework: setup.framework, handUrl: setup.handUrl, signEach: setup.privateKey === undefined ? undefined : createPrivateKey(setup.privateKey), extra: setup.extra, answer: setup.answer }
    : { framework: setup.framework, accel, objects: setup.objects, answer: setup.answer },
);

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let cpuSince = process.cpuUsage();

function reset(): void {
  delay.reset();
  cpuSince = process.cpuUsage();
  send({ type: 'reset' });
}

process.on('message', (message: ServeRequest) => {
  switch (message.type) {
    case 'reset':
      if (message.touchAll && accel !== undefined) {
        // The event-loop monitor reports the touch's own stall when its next timer fires late: zero the counters
        // only after that, a few milliseconds on (far too short for entries to go stale together).
        void touchAll(accel, objects).then(() => setTimeout(reset, 5));
      } else {
        reset();
      }
      break;
    case 'report': {
      const cpu = process.cpuUsage(cpuSince);
      send({ type: 'report', report: { cpuUs: cpu.user + cpu.system, maxDelayMs: delay.max / 1e6 } });
      break;
    }
    case 'sign-time':
      // Signed on the spot, so that each decision's time is its own signature's.
      send({ type: 'sign-time', ms: setup.kind === 'accel' ? signTime(engine(createPrivateKey(setup.privateKey), false, setup.expiresIn, false, setup.provider)) : Number.NaN });
      break;
  }
});
send({ type: 'setup', url: app.url });
