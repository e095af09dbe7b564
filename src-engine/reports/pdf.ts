/**
 * PDF of a report: the print layout (core/reports/print-html.ts) printed to A4 — by Electron's printToPDF in the
 * desktop app, else by headless Chromium through playwright-core (the Chromium the tests already use:
 * $KIRA_CHROMIUM, else /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { UnprocessableError } from '../core/errors.js';
import { reportHtml } from '../core/reports/print-html.js';
import type { ReportDocument } from '../core/reports/tables.js';

export function chromiumPath(): string {
  const path = process.env.KIRA_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new UnprocessableError(
      `a PDF needs Chromium: none at ${path} (install Debian's chromium, or set KIRA_CHROMIUM to a Chromium binary)`,
    );
  }
  return path;
}

/**
 * Prints a self-contained HTML document (no script, no URL) to an A4 PDF. The desktop app passes Electron's
 * `webContents.printToPDF`; elsewhere headless Chromium does it (`printWithChromium`).
 */
export type PrintPdf = (html: string) => Promise<Buffer>;

export const A4_MARGINS_MM = { top: 14, bottom: 14, left: 12, right: 12 } as const;

export function reportPdf(doc: ReportDocument, print: PrintPdf = printWithChromium): Promise<Buffer> {
  return print(reportHtml(doc));
}

export async function printWithChromium(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  // playwright-core is a development dependency today: an install without it gets a clear answer, not a crash.
  const { chromium } = await import('playwright-core').catch(() => {
    throw new UnprocessableError('a PDF needs the playwright-core package, which this installation lacks (npm install playwright-core)');
  });
  // No background networking: the page is self-contained and the machine may have no network at all.
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
  const browser = await chromium.launch({ executablePath, headless: true, args });
  try {
    const page = await browser.newPage();
    // The document is self-contained (no URL, no script): nothing is fetched.
    await page.setContent(html, { waitUntil: 'load' });
    const m = A4_MARGINS_MM;
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: `${m.top}mm`, bottom: `${m.bottom}mm`, left: `${m.left}mm`, right: `${m.right}mm` },
    });
  } finally {
    await browser.close();
  }
}
