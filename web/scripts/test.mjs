// Runs the unit tests with node's built-in runner: esbuild turns test/*.test.ts into ESM first (Node 20 has no TS).
import * as esbuild from "esbuild";
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(here, "node_modules", ".test-out");
rmSync(out, { recursive: true, force: true });
const tests = readdirSync(join(here, "test")).filter((f) => f.endsWith(".test.ts")).map((f) => join(here, "test", f));
await esbuild.build({ entryPoints: tests, bundle: true, platform: "node", format: "esm", outdir: out, outExtension: { ".js": ".mjs" }, logLevel: "warning" });
const run = spawnSync(process.execPath, ["--test", ...tests.map((t) => join(out, t.split("/").pop().replace(/\.ts$/, ".mjs")))], { stdio: "inherit" });
process.exit(run.status ?? 1);
