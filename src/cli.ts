#!/usr/bin/env node
import { main } from './cli/main.js';
import { outsideMessage } from './log/outside.js';

// The exit code is set, not forced, so stdout is flushed before the process ends.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`s365-agent: INTERNAL: ${outsideMessage(error)}\n`);
    process.exitCode = 1;
  },
);
