#!/usr/bin/env node
// The `relwb` command after `npm run build`: the bundled CLI shares all of its code with the app.
const { runCli } = require('../out/main/relwb.js');

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
