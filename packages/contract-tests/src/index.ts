export { runAccelContract } from './run-accel-contract.js';
export type { AppHandler, AppRequest, AppResponse, ContractDriver, RunningApp, StartOptions } from './driver.js';
export { TrackedBody, policySourceIp, recordingLogger, rsaKeys } from './fixtures.js';
export { accelHeadersIn, send, sendBytes, type BytesResponse } from './http-client.js';
export { objectHandler, startServer, type TestServer } from './origin-server.js';
