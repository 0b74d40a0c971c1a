#!/usr/bin/env node
// The `onestop` command (`npx onestop …` in the project folder). TypeScript sources run through tsx, so the
// command needs no build step.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
