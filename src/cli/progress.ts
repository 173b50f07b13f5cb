import cliProgress from 'cli-progress';

/**
 * Ctrl-C or SIGTERM once aborts the returned signal (a simulation then pauses at its next shard boundary, and
 * `say` tells the user); a second one exits at once. `dispose` removes the handlers.
 */
export function pauseOnSignals(say: (msg: string) => void): { signal: AbortSignal; dispose(): void } {
  const pause = new AbortController();
  const onSignal = () => {
    if (pause.signal.aborted) process.exit(130);
    pause.abort();
    say('pausing after the current shard of users (again to stop now: not resumable)');
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  return {
    signal: pause.signal,
    dispose: () => process.off('SIGINT', onSignal).off('SIGTERM', onSignal),
  };
}

/** A progress bar per phase on a terminal; plain periodic lines when output is not a TTY (CI logs). */
export function progressReporter() {
  const tty = process.stderr.isTTY;
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let lastLog = 0;
  return {
    update(p: { phase: string; done: number; total: number }) {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        if (tty) {
          bar = new cliProgress.SingleBar(
            {
              format: `${p.phase.padEnd(14)} [{bar}] {percentage}% {value}/{total} eta {eta_formatted}`,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, p.done);
        }
      }
      if (bar) {
        bar.setTotal(p.total);
        bar.update(p.done);
      } else if (Date.now() - lastLog > 2000 || p.done === p.total) {
        lastLog = Date.now();
        process.stderr.write(`${p.phase}: ${p.done}/${p.total}\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
