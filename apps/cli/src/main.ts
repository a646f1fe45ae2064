// The `residency` executable: runs the command line on the real process. Setting
// `process.exitCode` (not `process.exit()`) lets stdout drain before Node exits.
import { runCli } from './cli.ts';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  environment: process.env,
});
