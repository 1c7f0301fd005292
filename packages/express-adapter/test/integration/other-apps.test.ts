import { generateKeyPairSync } from 'node:crypto';
import { OutgoingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import express from 'express';
import express4 from 'express4';
import { send } from '@cdn-accel/contract-tests';
import { cloudfront } from '@cdn-accel/core';
import { expressAccel } from '../../src/index.js';
import { listen } from './express-driver.js';

// A library must not change a third party's shared objects: an Express app that does not mount expressAccel
// answers exactly as it does with cdn-accel not loaded, even beside one that does, in the same process.

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const factories = { 'Express 5': express, 'Express 4': express4 as unknown as typeof express };

/** What an app's handler sees of its response: prototype chain, own properties, how status and locals behave. */
interface Probe {
  chain: object[];
  ownAtStart: string[];
  ownAtFinish: string[];
  finished: Promise<void>;
  behaviour: unknown[];
  /** Every own property of Express's response object, Node's ServerResponse and OutgoingMessage prototypes. */
  shared: unknown[];
}

function chainOf(res: object): object[] {
  const chain: object[] = [];
  for (let link = Object.getPrototypeOf(res) as object | null; link !== null; link = Object.getPrototypeOf(link) as object | null) chain.push(link);
  return chain;
}

function propertiesOf(object: object): unknown[] {
  return Reflect.ownKeys(object).map((key) => {
    const { value, get, set, writable, enumerable, configurable } = Object.getOwnPropertyDescriptor(object, key) as PropertyDescriptor;
    return [key, value, get, set, writable, enumerable, configurable];
  });
}

/** The app under comparison: sets X-Accel-* headers (nothing should strip them here), a status, locals, a body. */
function probedApp(factory: typeof express, withAccel: boolean): { app: express.Express; probes: Probe[] } {
  const app = factory();
  const probes: Probe[] = [];
  if (withAccel) app.use(expressAccel({ locations: { '/p/': cloudfront({ url: 'https://cdn.example/', keyPairId: 'KTEST', privateKey }) } }));
  app.get('/x', (_req, res) => {
    const behaviour: unknown[] = [res.statusCode, Object.hasOwn(res, 'statusCode'), res.statusMessage, Object.hasOwn(res, 'statusMessage')];
    behaviour.push(Object.getOwnPropertyDescriptor(res, 'locals')?.enumerable, Object.getPrototypeOf(res.locals));
    let finish = (): void => {};
    const probe: Probe = {
      chain: chainOf(res),
      ownAtStart: Object.getOwnPropertyNames(res),
      ownAtFinish: [],
      finished: new Promise((resolve) => {
        finish = resolve;
      }),
      behaviour,
      shared: [factory.response, ServerResponse.prototype, OutgoingMessage.prototype].map(propertiesOf),
    };
    probes.push(probe);
    res.status(418);
    res.statusMessage = 'Short and stout';
    res.locals = { replaced: true };
    behaviour.push(res.statusCode, Object.hasOwn(res, 'statusCode'), Object.hasOwn(res, 'statusMessage'), Object.getOwnPropertyDescriptor(res, 'locals'));
    res.on('finish', () => {
      probe.ownAtFinish = Object.getOwnPropertyNames(res);
      finish();
    });
    res.set({ 'X-Accel-Redirect': '/p/f.bin', 'X-Accel-Buffering': 'no' }).send('plain body');
  });
  return { app, probes };
}

async function askOnce(app: express.Express, probes: Probe[]): Promise<{ probe: Probe; response: Awaited<ReturnType<typeof send>> }> {
  const running = await listen(app);
  try {
    const response = await send(running.url, '/x');
    delete response.headers.date;
    const probe = probes.at(-1) as Probe;
    await probe.finished;
    return { probe, response };
  } finally {
    await running.close();
  }
}

// The control: an app of each Express major, asked in a root-level hook, which mocha runs before the first test
// of the whole run, so before expressAccel has handled a single request in this process.
const controls = new Map<string, Awaited<ReturnType<typeof askOnce>>>();
before(async () => {
  for (const [name, factory] of Object.entries(factories)) {
    const { app, probes } = probedApp(factory, false);
    controls.set(name, await askOnce(app, probes));
  }
});

for (const [name, factory] of Object.entries(factories)) {
  describe(`expressAccel in one ${name} app, another app beside it`, () => {
    it('leaves the other app\'s responses as they are with cdn-accel not loaded: prototype chain, own properties, behaviour, bytes', async () => {
      const control = controls.get(name) as Awaited<ReturnType<typeof askOnce>>;
      const accelerated = probedApp(factory, true);
      const other = probedApp(factory, false);
      // The accelerated app answers first, so that anything it sets up on first use is in place.
      const first = await askOnce(accelerated.app, accelerated.probes);
      expect(first.response.status).to.equal(302);
      const { probe, response } = await askOnce(other.app, other.probes);

      expect(probe.chain[0]).to.equal(other.app.response);
      expect(probe.chain.slice(1)).to.have.ordered.members(control.probe.chain.slice(1));
      expect(probe.chain[1]).to.equal(factory.response);
      expect(probe.chain[2]).to.equal(ServerResponse.prototype);
      expect(probe.shared).to.deep.equal(control.probe.shared);
      expect(Reflect.ownKeys(other.app.response)).to.deep.equal(Reflect.ownKeys(control.probe.chain[0] as object));
      expect(probe.ownAtStart).to.deep.equal(control.probe.ownAtStart);
      expect(probe.ownAtFinish).to.deep.equal(control.probe.ownAtFinish);
      expect(probe.behaviour).to.deep.equal(control.probe.behaviour);
      expect(probe.behaviour.slice(6, 8), 'statusCode own after res.status()').to.deep.equal([418, true]);
      expect(response).to.deep.equal(control.response);
      expect(response.headers['x-accel-redirect']).to.equal('/p/f.bin');
    });

    it('changes no prototype of the app that mounts it either: only its own responses are held', async () => {
      const control = controls.get(name) as Awaited<ReturnType<typeof askOnce>>;
      const accelerated = probedApp(factory, true);
      const { probe, response } = await askOnce(accelerated.app, accelerated.probes);
      expect(response.status).to.equal(302);
      expect(probe.chain[0]).to.equal(accelerated.app.response);
      expect(probe.chain.slice(1)).to.have.ordered.members(control.probe.chain.slice(1));
      expect(probe.shared).to.deep.equal(control.probe.shared);
      expect(Reflect.ownKeys(accelerated.app.response)).to.deep.equal(Reflect.ownKeys(control.probe.chain[0] as object));
      expect(probe.behaviour).to.deep.equal(control.probe.behaviour);
    });
  });
}
