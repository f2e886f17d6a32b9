#!/usr/bin/env node
/**
 * The package's command line, `npx metorial-connect <command>`. One command so far:
 * `check-endpoint`, the endpoint contract's conformance checker. Node built-ins only: it ships
 * in the package, whose users need not install anything else to run it.
 */
import { checkEndpoint, USAGE } from './check-endpoint.js';

const HELP = `Usage: metorial-connect <command>

Commands:
  check-endpoint <url>   check a backend endpoint against the endpoint contract

${USAGE}`;

const [command, ...args] = process.argv.slice(2);
if (command === 'check-endpoint') {
  process.exitCode = await checkEndpoint(args);
} else if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
  process.stdout.write(`${HELP}\n`);
  process.exitCode = command === undefined ? 2 : 0;
} else {
  process.stderr.write(`metorial-connect: unknown command "${command}"\n\n${HELP}\n`);
  process.exitCode = 2;
}
