/**
 * Report PDFs in the desktop app (src-main/print-pdf.ts). Electron's binary cannot run here, so the printer is
 * driven with a stand-in window class that records what Electron would be asked; the engine side is real: a
 * desktop engine given the printer answers `reports.file` as PDF with the printer's bytes, for the real report
 * page, without starting Chromium.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { afterEach, describe, expect, it } from 'vitest';
import { createPdfPrinter } from '../../src-main/print-pdf.js';
import { startEngineFixture, type EngineFixture } from './engine-fixture.js';

interface Recorded {
  options: BrowserWindowConstructorOptions;
  url?: string;
  pdfOptions?: unknown;
  destroyed: boolean;
}

function standInWindow(recorded: Recorded[], fail = false) {
  return class {
    private readonly rec: Recorded;
    readonly webContents;
    constructor(options: BrowserWindowConstructorOptions) {
      this.rec = { options, destroyed: false };
      recorded.push(this.rec);
      const rec = this.rec;
      this.webContents = {
        printToPDF: (o: unknown) => {
          rec.pdfOptions = o;
          return fail ? Promise.reject(new Error('printing failed')) : Promise.resolve(Buffer.from('%PDF-stand-in'));
        },
      } as never;
    }
    loadURL(url: string) {
      this.rec.url = url;
      return Promise.resolve();
    }
    destroy() {
      this.rec.destroyed = true;
    }
  };
}

let fx: EngineFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('createPdfPrinter', () => {
  it('prints the page in a hidden sandboxed window without script, A4 with the report margins, then destroys it', async () => {
    const recorded: Recorded[] = [];
    const print = createPdfPrinter(standInWindow(recorded));
    const pdf = await print('<h1>Aged receivables</h1>');
    expect(pdf.toString()).toBe('%PDF-stand-in');
    const [w] = recorded;
    expect(w!.options.show).toBe(false);
    expect(w!.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false });
    expect(decodeURIComponent(w!.url!.replace(/^data:text\/html;charset=utf-8,/, ''))).toBe('<h1>Aged receivables</h1>');
    expect(w!.pdfOptions).toEqual({
      pageSize: 'A4',
      printBackground: true,
      margins: { top: 14 / 25.4, bottom: 14 / 25.4, left: 12 / 25.4, right: 12 / 25.4 },
    });
    expect(w!.destroyed).toBe(true);
  });

  it('destroys the window when printing fails', async () => {
    const recorded: Recorded[] = [];
    await expect(createPdfPrinter(standInWindow(recorded, true) as never)('<p>x</p>')).rejects.toThrow('printing failed');
    expect(recorded[0]!.destroyed).toBe(true);
  });
});

describe('the desktop engine with a printer', () => {
  it("answers reports.file as PDF with the printer's bytes for the real report page", async () => {
    const pages: string[] = [];
    fx = startEngineFixture({
      printPdf: (html) => {
        pages.push(html);
        return Promise.resolve(Buffer.from('%PDF-from-desktop'));
      },
    });
    const reply = await fx.engine.invoke('reports.file', { company: fx.company.id, kind: 'pnl', format: 'pdf' });
    expect(reply.status).toBe(200);
    const body = reply.body as { filename: string; content_type: string; base64: string };
    expect(body.content_type).toBe('application/pdf');
    expect(Buffer.from(body.base64, 'base64').toString()).toBe('%PDF-from-desktop');
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatch(/<html/i);
  });
});
