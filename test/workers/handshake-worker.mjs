// Test worker for the pool: a task that signals it started, then blocks until the test releases it.
// flag[0]: 1 once started; flag[1]: 1 once released. Plain JS so it runs without a build.
export function query({ params: [buffer, value] }) {
  const flag = new Int32Array(buffer);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  Atomics.wait(flag, 1, 0);
  return { columns: ['value'], rows: [[value]] };
}
