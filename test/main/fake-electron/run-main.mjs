// Loads dist/src-main/main.js against the stand-in, waits for start-up (a window loaded), quits, waits for the
// shutdown to finish (the second quit goes through), and prints what was recorded as JSON.
const { app, calls, ipcMain } = await import('electron');
await import(process.env.FAKE_MAIN);

async function until(what) {
  for (let i = 0; i < 500; i++) {
    if (calls.some((c) => c.what === what)) return;
    await new Promise((r) => setImmediate(r));
    if (i > 100) await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`main.js never reached ${what}: ${JSON.stringify(calls)}`);
}

await until('loadURL');
const channels = [...ipcMain.handlers.keys()];
const index = globalThis.__kiraProtocol ? await globalThis.__kiraProtocol(new Request('app://kira/')) : null;
app.quit();
await until('exited');
process.stdout.write(JSON.stringify({ calls, channels, indexStatus: index?.status ?? null, csp: index?.headers.get('content-security-policy') ?? null, handlersAfterQuit: ipcMain.handlers.size }));
process.exit(0);
