import express from 'express';
import { runAccelContract } from '@cdn-accel/contract-tests';
import { express4Factory, expressDriver } from './express-driver.js';

runAccelContract(expressDriver('Express 5', express));
runAccelContract(expressDriver('Express 4', express4Factory));
