/**
 * A one-line progress bar on stderr for long CLI work. On a terminal it redraws in place; elsewhere (CI
 * logs, pipes) it prints a line every 10% so logs stay short.
 */
export interface Progress {
  update(done: number, total?: number): void;
  done(message?: string): void;
}

export function progressBar(label: string, total = 0, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  let max = total;
  return {
    update(done, t) {
      if (t !== undefined) max = t;
      const frac = max > 0 ? Math.min(1, done / max) : 0;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 100 && done < max) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(frac * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        stream.write(`\r${label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${done.toLocaleString('en')}/${max.toLocaleString('en')}`);
      } else {
        const decile = Math.floor(frac * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${label} ${decile * 10}% (${done.toLocaleString('en')}/${max.toLocaleString('en')})\n`);
        }
      }
    },
    done(message) {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? '\r\x1b[2K' : ''}${label} done in ${secs} s${message ? ` — ${message}` : ''}\n`);
    },
  };
}
