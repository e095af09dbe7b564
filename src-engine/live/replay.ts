/**
 * A bounded ring of the last events of one company, for `Last-Event-ID` resumption. Bounded so a company
 * that changes all day cannot grow memory; a client that fell further behind gets the current state instead.
 */
export class ReplayBuffer<E extends { readonly id: number }> {
  private readonly ring: (E | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('replay capacity must be a positive integer');
    this.ring = new Array<E | undefined>(capacity);
  }

  push(event: E): void {
    this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /**
   * Events with id > lastId, oldest first; `null` when the buffer no longer holds lastId + 1 (evicted), so the
   * caller must fall back to a snapshot. Ids are consecutive, so "holds lastId + 1" is an index check.
   */
  since(lastId: number, currentId: number): E[] | null {
    if (lastId === currentId) return [];
    if (lastId > currentId || lastId < 0) return null;
    const missed = currentId - lastId;
    if (missed > this.count) return null;
    const out: E[] = [];
    for (let i = missed; i >= 1; i--) {
      const e = this.ring[(this.next - i + this.capacity) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }
}
