#!/usr/bin/env node
// The `kira` command. Runs the compiled engine (npm install/ci builds it through the "prepare" script).
import { main } from '../dist/src-engine/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
