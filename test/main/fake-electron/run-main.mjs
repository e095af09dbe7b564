// Loads dist/src-main/main.js against the stand-in, waits for start-up (a window loaded), quits, waits for the
// shutdown to finish (the second quit goes through), and prints what was recorded as JSON.
const { app, calls, ipcMain, allContents } = await import('electron');
await import(process.env.FAKE_MAIN);

// Bounded by count (about 30 s of 10 ms waits): generous, since a loaded machine may take seconds to open the books.
async function until(what) {
  for (let i = 0; i < 3100; i++) {
    if (calls.some((c) => c.what === what)) return;
    await new Promise((r) => setImmediate(r));
    if (i > 100) await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`main.js never reached ${what}: ${JSON.stringify(calls)}`);
}

await until('loadURL');
const channels = [...ipcMain.handlers.keys()];
// Navigations the page might attempt, fired as Electron fires `will-frame-navigate` (first, for every frame).
const frameNavigations = [];
for (const [url, isMainFrame] of JSON.parse(process.env.FAKE_FRAME_NAVIGATIONS ?? '[]')) {
  const event = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
  const opened = calls.filter((c) => c.what === 'openExternal').length;
  allContents[0].emit('will-frame-navigate', event);
  await new Promise((r) => setImmediate(r));
  frameNavigations.push({
    url,
    isMainFrame,
    prevented: event.prevented,
    openedExternally: calls.filter((c) => c.what === 'openExternal').length > opened,
  });
}
const index = globalThis.__kiraProtocol ? await globalThis.__kiraProtocol(new Request('app://kira/')) : null;
app.quit();
await until('exited');
process.stdout.write(
  JSON.stringify({
    calls,
    channels,
    frameNavigations,
    indexStatus: index?.status ?? null,
    csp: index?.headers.get('content-security-policy') ?? null,
    handlersAfterQuit: ipcMain.handlers.size,
  }),
);
process.exit(0);
