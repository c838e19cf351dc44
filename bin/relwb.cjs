#!/usr/bin/env node
// The `relwb` command after `npm run build`: the bundled CLI shares all of its code with the app.
require('../out/main/relwb.js');
