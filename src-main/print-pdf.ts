/**
 * Report PDFs in the desktop app: the report's self-contained print page (no script, no URL it fetches) loaded
 * into a hidden, sandboxed window and printed with `webContents.printToPDF`, A4 with the same margins as the
 * headless-Chromium path of `kira report --format pdf`. The window is destroyed whatever happens.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { A4_MARGINS_MM } from '../src-engine/reports/pdf.js';

type WindowClass = new (options: BrowserWindowConstructorOptions) => Pick<BrowserWindow, 'loadURL' | 'destroy' | 'webContents'>;

const MM_PER_INCH = 25.4;

const PRINT_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, devTools: false },
};

export function createPdfPrinter(Window: WindowClass): (html: string) => Promise<Buffer> {
  return async (html) => {
    const win = new Window(PRINT_WINDOW_OPTIONS);
    try {
      await win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      const m = A4_MARGINS_MM;
      return await win.webContents.printToPDF({
        pageSize: 'A4',
        printBackground: true,
        margins: { top: m.top / MM_PER_INCH, bottom: m.bottom / MM_PER_INCH, left: m.left / MM_PER_INCH, right: m.right / MM_PER_INCH },
      });
    } finally {
      win.destroy();
    }
  };
}
