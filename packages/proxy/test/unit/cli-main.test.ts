import { expect } from 'chai';
import { runCli } from '../../src/cli/main.js';
import { captureIo } from '../helpers/capture-io.js';

describe('cdn-accel CLI dispatcher', () => {
  it('prints the overview and exits 2 without a command', async () => {
    const io = captureIo();
    expect(await runCli([], io)).to.equal(2);
    expect(io.out).to.contain('Usage: cdn-accel <command>');
  });

  it('refuses an unknown command on stderr', async () => {
    const io = captureIo();
    expect(await runCli(['frobnicate'], io)).to.equal(2);
    expect(io.err).to.contain('unknown command "frobnicate"');
  });
});
