import cliProgress from 'cli-progress';

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
