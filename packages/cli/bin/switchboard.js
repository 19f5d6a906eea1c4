#!/usr/bin/env node
// Runs the CLI from its TypeScript source, like every Switchboard app (tsx compiles on the fly).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
