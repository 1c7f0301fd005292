import Koa from 'koa';
import { runAccelContract } from '@cdn-accel/contract-tests';
import { Koa2App, koaDriver } from './koa-driver.js';

runAccelContract(koaDriver('Koa 3', Koa));
runAccelContract(koaDriver('Koa 2', Koa2App));
runAccelContract(koaDriver('Koa 3, inside another middleware', Koa, { wrapped: true }));
runAccelContract(koaDriver('Koa 2, inside another middleware', Koa2App, { wrapped: true }));
runAccelContract(koaDriver('Koa 3 + @koa/router', Koa, { router: true }));
