/** Resolves with the name of the first SIGTERM or SIGINT the process receives. */
export function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    // The listeners stay after the first signal: Ctrl-C reaches the workers and the primary, which passes a
    // SIGTERM on, and that second signal must not kill a worker that is finishing its requests. The
    // shutdown deadline bounds the wait.
    const onSignal = (signal: string): void => resolve(signal);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
