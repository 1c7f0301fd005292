import { Pool, type Dispatcher } from 'undici';

/** A pool on `origin` that reports the first time the proxy pauses an upstream response (back-pressure). */
export function pauseWatchingPool(origin: string): { pool: Dispatcher; paused: Promise<void> } {
  let reportPause: () => void = () => {};
  const paused = new Promise<void>((resolve) => {
    reportPause = resolve;
  });
  const watch = (controller: Dispatcher.DispatchController): Dispatcher.DispatchController =>
    new Proxy(controller, {
      get(target, property) {
        if (property === 'pause') {
          return () => {
            target.pause();
            reportPause();
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const pool = new Pool(origin).compose((dispatch) => (options, handler) =>
    dispatch(options, new Proxy(handler, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        // Every callback of the handler API gets the request's controller first.
        return (controller: Dispatcher.DispatchController, ...rest: unknown[]) => value.call(target, watch(controller), ...rest);
      },
    })),
  );
  return { pool, paused };
}
