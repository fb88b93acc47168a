// node end2end/bin/shrink-wasm-chunks.mjs SITE_PKG_DIR
//
// wasm-split leaves ~290 small chunks; each carries the whole program's type
// section, imports it never calls and its function names. wasm-opt would
// drop them, but started once per file (as cargo-leptos does) it cost most
// of CI's WASM build, so ./wasm-opt skips the small files. This runs once
// after `cargo leptos build`: it loads binaryen (the same npm package) a
// single time, runs binaryen's remove-unused-types and
// remove-unused-module-elements passes on every split file (not the main
// module, which wasm-opt has already done), writes the smaller module
// (without names: binaryen emits none unless asked) and compresses it
// again, in place, beside cargo-leptos's own .br and .gz.
//
// The file names keep the hash cargo-leptos gave them: the output depends
// only on the input, so the name still changes exactly when the content
// does, which is all the year-long cache of /pkg needs.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error("usage: shrink-wasm-chunks.mjs SITE_PKG_DIR");
  process.exit(2);
}

// binaryen warns about the compiler's label names (a name subsection it
// does not read) once per file; they are dropped anyway, so only that
// warning is silenced, before binaryen binds the console.
for (const level of ["warn", "error"]) {
  const print = console[level].bind(console);
  console[level] = (...args) => {
    if (!/unknown name subsection/.test(String(args[0]))) print(...args);
  };
}
const { default: binaryen } = await import("binaryen");

// What the wasm32 target of rustc 1.95 emits, and the two features
// cargo-leptos enables for wasm-opt; the output uses nothing else.
const F = binaryen.Features;
const FEATURES = F.MutableGlobals | F.SignExt | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt |
  F.ReferenceTypes | F.Multivalue;

const started = Date.now();
let files = 0, before = 0, after = 0;
for (const name of fs.readdirSync(dir)) {
  if (!/^(chunk|split)_.*\.wasm$/.test(name)) continue;
  const file = path.join(dir, name);
  const input = fs.readFileSync(file);
  const module = binaryen.readBinary(input);
  module.setFeatures(FEATURES);
  module.runPasses(["remove-unused-types", "remove-unused-module-elements"]);
  if (!module.validate()) {
    console.error(`shrink-wasm-chunks: ${name} does not validate after the passes`);
    process.exit(1);
  }
  const output = Buffer.from(module.emitBinary());
  module.dispose();
  files++;
  before += input.length;
  if (output.length >= input.length) {
    after += input.length;
    continue;
  }
  after += output.length;
  fs.writeFileSync(file, output);
  for (const [ext, compress] of [
    [".br", () => zlib.brotliCompressSync(output, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: output.length },
    })],
    [".gz", () => zlib.gzipSync(output, { level: 9 })],
  ]) {
    // Only the forms cargo-leptos precompressed (--precompress) are redone.
    if (fs.existsSync(file + ext)) fs.writeFileSync(file + ext, compress());
  }
}
console.log(`shrink-wasm-chunks: ${files} files, ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB ` +
  `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
