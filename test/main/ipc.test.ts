/**
 * The main process's IPC registration against the real engine. Electron's ipcMain and web contents are absent
 * here, so they are small recorders with the shape Electron gives them; the engine behind is real.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerIpc, type InvokeEvent, type IpcMainLike, type SenderContents } from '../../src-main/ipc.js';
import { startEngineFixture, type EngineFixture } from './engine-fixture.js';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

function fakeIpcMain(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel, l) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, l);
    },
    removeHandler: (channel) => void handlers.delete(channel),
  };
}

function fakeContents(id: number): SenderContents & { sent: unknown[][]; destroy(): void } {
  const onDestroyed: (() => void)[] = [];
  let destroyed = false;
  return {
    id,
    sent: [],
    isDestroyed: () => destroyed,
    send(channel, ...args) {
      this.sent.push([channel, ...args]);
    },
    once: (_e, l) => onDestroyed.push(l),
    destroy: () => {
      destroyed = true;
      for (const l of onDestroyed) l();
    },
  };
}

const OWN = 1;
const event = (sender: SenderContents, url = 'app://kira/', parent: unknown = null): InvokeEvent => ({
  sender,
  senderFrame: { url, parent },
});

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

function setUp() {
  fx = startEngineFixture();
  const ipcMain = fakeIpcMain();
  const refused: string[] = [];
  const bridge = registerIpc({
    ipcMain,
    invoke: fx.engine.invoke,
    live: fx.engine.hub,
    isOwnWindow: (id) => id === OWN,
    onRefused: (_c, r) => refused.push(r),
  });
  const call = (channel: string, ev: InvokeEvent, input?: unknown) => {
    const h = ipcMain.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(ev, input) as Promise<{ status: number; body: unknown }>;
  };
  return { fx, ipcMain, refused, bridge, call };
}

describe('IPC: sender validated before the engine', () => {
  it('answers our window exactly as the engine does', async () => {
    const { fx, call } = setUp();
    const win = fakeContents(OWN);
    const viaIpc = await call('kira:dashboard.overview', event(win), { company: fx.company.id });
    expect(viaIpc.status).toBe(200);
    expect(viaIpc).toEqual(await fx.engine.invoke('dashboard.overview', { company: fx.company.id }));
  });

  it('refuses other windows, iframes, foreign origins and a destroyed frame, without touching the engine', async () => {
    const { call, refused } = setUp();
    const before = fx!.engine.store.db.prepare('SELECT COUNT(*) AS n FROM expenses').get() as { n: number };
    const write = fx!.expenseToday(100).body;
    for (const ev of [
      event(fakeContents(2)),
      event(fakeContents(OWN), 'app://kira/', { url: 'app://kira/' }),
      event(fakeContents(OWN), 'https://evil.example/'),
      { sender: fakeContents(OWN), senderFrame: null },
    ]) {
      expect(await call('kira:expenses.create', ev, write)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
    expect(refused).toHaveLength(4);
    expect(fx!.engine.store.db.prepare('SELECT COUNT(*) AS n FROM expenses').get()).toEqual(before);
  });
});

describe('IPC: live events', () => {
  it('pushes the snapshot on subscribe and a new aggregate after a write', async () => {
    const { fx, call } = setUp();
    const win = fakeContents(OWN);
    expect(await call('kira:live.subscribe', event(win), { company: fx.company.id })).toEqual({
      status: 200,
      body: { company: fx.company.id },
    });
    expect(win.sent).toHaveLength(1);
    expect(win.sent[0]?.slice(0, 2)).toEqual(['kira:live', 'aggregate']);
    expect(win.sent[0]?.[2]).toEqual((await fx.engine.invoke('dashboard.realtimeAggregate', { company: fx.company.id })).body);

    const pushed = new Promise<void>((resolve) => {
      const off = fx.engine.hub.subscribe(fx.company.id, (e) => e.name === 'aggregate' && (off(), resolve()), 'ipc');
    });
    expect((await call('kira:expenses.create', event(win), fx.expenseToday(123_45).body)).status).toBe(201);
    await pushed;
    expect(win.sent.filter(([, name]) => name === 'aggregate')).toHaveLength(2);
    expect(win.sent[1]?.[2]).not.toEqual(win.sent[0]?.[2]);
  });

  it('keeps one subscription per window and drops it when the window goes', async () => {
    const { fx, call } = setUp();
    const win = fakeContents(OWN);
    await call('kira:live.subscribe', event(win), { company: fx.company.id });
    await call('kira:live.subscribe', event(win), { company: fx.company.id });
    expect(fx.engine.hub.subscriberCount('ipc')).toBe(1);
    win.destroy();
    expect(fx.engine.hub.subscriberCount('ipc')).toBe(0);
  });

  it('answers a bad or unknown company in the one error shape', async () => {
    const { call } = setUp();
    const win = fakeContents(OWN);
    expect(await call('kira:live.subscribe', event(win), { company: 'x' })).toMatchObject({ status: 400 });
    expect(await call('kira:live.subscribe', event(win), { company: 999_999 })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect(win.sent).toEqual([]);
  });
});

describe('IPC: shutdown', () => {
  it('waits for calls in flight, then refuses new ones and removes its handlers', async () => {
    const { fx, call, bridge, ipcMain } = setUp();
    const win = fakeContents(OWN);
    const inFlight = call('kira:dashboard.kpis', event(win), { company: fx.company.id });
    expect(bridge.inFlight()).toBe(1);
    const closed = bridge.close();
    const late = await call('kira:dashboard.kpis', event(win), { company: fx.company.id });
    expect(late.status).toBe(503);
    await closed;
    expect((await inFlight).status).toBe(200);
    expect(bridge.inFlight()).toBe(0);
    expect(ipcMain.handlers.size).toBe(0);
  });
});
