#!/usr/bin/env node
// Runs the built server (`pnpm build` first); from sources use `pnpm server`.
import '../dist/main.js';
