#!/usr/bin/env node
// Before the browser tests: find a Chromium, or install Debian's when we may (root on Debian), or say how.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const candidates = [process.env.KIRA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
if (candidates.some((p) => p && existsSync(p))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && existsSync('/usr/bin/apt-get')) {
  console.error("No Chromium found: installing Debian's chromium for the browser tests…");
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium', {
    stdio: 'inherit',
  });
  process.exit(0);
}
console.error('The browser tests need Chromium: install it (Debian: `sudo apt-get install chromium`) or set KIRA_CHROMIUM to its path.');
process.exit(1);
