/** A pass-through that fails with 413 once more than `max` bytes went by (streamed bodies have no length). */
import { Transform, type Readable } from 'node:stream';
import { PayloadTooLargeError } from '../../core/errors.js';

export function limitStream(source: Readable, max: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > max) done(new PayloadTooLargeError(`the body may be at most ${max} bytes`, { limit: max }));
      else done(null, chunk);
    },
  });
  source.on('error', (e) => counter.destroy(e));
  return source.pipe(counter);
}
