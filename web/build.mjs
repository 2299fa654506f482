// Builds the web app into src/Tether.Server/wwwroot/app: hashed JS/CSS under assets/, index.html pointing at them,
// the service worker (sw.js, unhashed so its URL is stable), the manifest and the icons (PNG drawn here, no tools needed).
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync, copyFileSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { pngIcon } from "./scripts/icon.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "Tether.Server", "wwwroot", "app");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const result = await esbuild.build({
  entryPoints: { app: join(here, "src", "main.ts"), style: join(here, "src", "styles.css") },
  bundle: true,
  minify: true,
  sourcemap: "linked",
  format: "esm",
  target: ["es2020", "chrome100", "firefox100", "safari15"],
  entryNames: "[name]-[hash]",
  outdir: join(out, "assets"),
  metafile: true,
  legalComments: "linked",
  logLevel: "warning",
});
const outputs = Object.entries(result.metafile.outputs);
const script = basename(outputs.find(([file, o]) => file.endsWith(".js") && o.entryPoint?.endsWith("main.ts"))[0]);
const style = basename(outputs.find(([file]) => file.endsWith(".css"))[0]);

// The service worker caches the shell; its version changes with the assets so old caches are dropped.
const version = createHash("sha256").update(script + style).digest("hex").slice(0, 12);
await esbuild.build({
  entryPoints: [join(here, "src", "sw.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outfile: join(out, "sw.js"),
  define: { __SHELL_VERSION__: JSON.stringify(version), __SHELL_FILES__: JSON.stringify(["/", `/assets/${script}`, `/assets/${style}`, "/manifest.webmanifest", "/icon.svg"]) },
  logLevel: "warning",
});

const html = readFileSync(join(here, "src", "index.html"), "utf8")
  .replace("%SCRIPT%", `/assets/${script}`)
  .replace("%STYLE%", `/assets/${style}`);
writeFileSync(join(out, "index.html"), html);

for (const file of readdirSync(join(here, "public"))) {
  copyFileSync(join(here, "public", file), join(out, file));
}
for (const size of [192, 512]) {
  writeFileSync(join(out, `icon-${size}.png`), pngIcon(size));
}
console.log(`web app built: ${script}, ${style}`);
