/**
 * PDF of a report: the print layout (core/reports/print-html.ts) printed to A4 by headless Chromium through
 * playwright-core — the Chromium the tests already use: $KIRA_CHROMIUM, else /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { UnprocessableError } from '../core/errors.js';
import { reportHtml } from '../core/reports/print-html.js';
import type { ReportDocument } from '../core/reports/tables.js';

export function chromiumPath(): string {
  const path = process.env.KIRA_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new UnprocessableError(`a PDF needs Chromium: none at ${path} (install Debian's chromium, or set KIRA_CHROMIUM to a Chromium binary)`);
  }
  return path;
}

export async function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const executablePath = chromiumPath();
  // playwright-core is a development dependency today: an install without it gets a clear answer, not a crash.
  const { chromium } = await import('playwright-core').catch(() => {
    throw new UnprocessableError('a PDF needs the playwright-core package, which this installation lacks (npm install playwright-core)');
  });
  // No background networking: the page is self-contained and the machine may have no network at all.
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
  const browser = await chromium.launch({ executablePath, headless: true, args });
  try {
    const page = await browser.newPage();
    // The document is self-contained (no URL, no script): nothing is fetched.
    await page.setContent(reportHtml(doc), { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } });
  } finally {
    await browser.close();
  }
}
