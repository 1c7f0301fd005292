/** What cdn-accel writes through: any `console`-like object. Silent by default. */
export type AccelLogger = Pick<Console, 'info' | 'warn' | 'error'>;

const ignore = (): void => {};

export const silentLogger: AccelLogger = { info: ignore, warn: ignore, error: ignore };
