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

// Compresses `output` again beside `file`, in the forms cargo-leptos
// precompressed (--precompress) only.
const compressBeside = (file, output) => {
  for (const [ext, compress] of [
    [".br", () => zlib.brotliCompressSync(output, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: output.length },
    })],
    [".gz", () => zlib.gzipSync(output, { level: 9 })],
  ]) {
    if (fs.existsSync(file + ext)) fs.writeFileSync(file + ext, compress());
  }
};

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
  compressBeside(file, output);
}
console.log(`shrink-wasm-chunks: ${files} files, ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB ` +
  `in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// Every module, the main one too, still carries the compiler's
// `producers` and `target_features` custom sections (~180 bytes; the engine
// ignores custom sections). Compressed one file at a time they cost ~120
// bytes each, and a first load fetches 50 to 70 modules: 6 to 9 KB. They are
// cut from the bytes as they are, nothing else touched.
const readLeb = (bytes, at) => {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
};
const DROPPED_SECTIONS = new Set(["producers", "target_features"]);
let stripped = 0, strippedBytes = 0;
for (const name of fs.readdirSync(dir)) {
  if (!name.endsWith(".wasm")) continue;
  const file = path.join(dir, name);
  const input = fs.readFileSync(file);
  const kept = [input.subarray(0, 8)];
  let at = 8;
  while (at < input.length) {
    const start = at;
    const id = input[at];
    const [size, body] = readLeb(input, at + 1);
    at = body + size;
    if (id === 0) {
      const [length, nameAt] = readLeb(input, body);
      if (DROPPED_SECTIONS.has(input.toString("utf8", nameAt, nameAt + length))) continue;
    }
    kept.push(input.subarray(start, at));
  }
  const output = Buffer.concat(kept);
  if (output.length === input.length) continue;
  stripped++;
  strippedBytes += input.length - output.length;
  fs.writeFileSync(file, output);
  compressBeside(file, output);
}
console.log(`shrink-wasm-chunks: custom sections cut from ${stripped} modules (${(strippedBytes / 1024).toFixed(0)} KB)`);

// The loader wasm-split writes (__wasm_split.<hash>.js) is part of every
// first load: 190 KB that compressed to 11 KB, mostly a comment naming the
// areas that share each chunk and the same five-line fetcher written out
// for each of ~400 chunks. Both go: the comments, and each fetcher becomes
// a call of one function doing what the five lines did (the chunk's fetch
// still starts when its loader is first asked for it). 3 KB remain. A
// loader whose fetchers no longer look like this fails the build, so a new
// wasm-split cannot quietly bring the 11 KB back.
const FETCHER = new RegExp(
  String.raw`makeLoad\(\(\) => \{\n    const src = fetch\(new URL\("\./([^"]+)", import\.meta\.url\)\);\n` +
    String.raw`    return async \(imports\) => \(WebAssembly\.instantiateStreaming\(src, imports\)\);\n\}\n, `,
  "g",
);
const FETCH_CHUNK = `const __wasm_split_fetch = (file) => () => {
    const src = fetch(new URL("./" + file, import.meta.url));
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
};
`;
// Each chunk's name also carries cargo-leptos's 22-character content hash,
// written in the loader (and in the manifest the server reads to preload a
// page's chunks) once per chunk: ~400 random strings that do not compress,
// 6 of the loader's 9 KB. Eight of its characters (48 bits) tell one
// release's chunk from another's as well: the chunks are renamed to them.
const HASHED = /^((?:chunk_\d+|split_\w+)\.)([A-Za-z0-9_-]{22})\.wasm$/;
const renamed = new Map();
for (const name of fs.readdirSync(dir)) {
  const m = HASHED.exec(name);
  if (!m) continue;
  const [stem, short] = [`${m[1]}${m[2]}`, `${m[1]}${m[2].slice(0, 8)}`];
  for (const ext of ["", ".br", ".gz"]) {
    const from = path.join(dir, `${stem}.wasm${ext}`);
    if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `${short}.wasm${ext}`));
  }
  renamed.set(stem, short);
}
const withShortNames = (text) => text.replace(/(?:chunk_\d+|split_\w+)\.[A-Za-z0-9_-]{22}/g, (stem) => renamed.get(stem) ?? stem);


for (const name of fs.readdirSync(dir)) {
  if (!/^__wasm_split_manifest\..*\.json$/.test(name)) continue;
  const file = path.join(dir, name);
  const input = fs.readFileSync(file, "utf8");
  const output = withShortNames(input);
  if (output !== input) {
    fs.writeFileSync(file, output);
    compressBeside(file, output);
  }
}

for (const name of fs.readdirSync(dir)) {
  if (!/^__wasm_split\..*\.js$/.test(name)) continue;
  const file = path.join(dir, name);
  const input = withShortNames(fs.readFileSync(file, "utf8"));
  if (input.includes("__wasm_split_fetch")) continue; // already done
  let fetchers = 0;
  let output = input
    .replace(/^\/\*[^\n]*\*\/\n/gm, "")
    .replace(FETCHER, (_, chunk) => {
      fetchers++;
      return `makeLoad(__wasm_split_fetch(${JSON.stringify(chunk)}), `;
    });
  const chunks = (input.match(/WebAssembly\.instantiateStreaming/g) || []).length;
  const at = output.indexOf("function makeLoad(");
  if (fetchers === 0 || fetchers !== chunks || at < 0) {
    console.error(`shrink-wasm-chunks: ${name}: ${fetchers} of ${chunks} chunk fetchers in the expected form; ` +
      "wasm-split's loader changed, see this script");
    process.exit(1);
  }
  output = output.slice(0, at) + FETCH_CHUNK + output.slice(at);
  fs.writeFileSync(file, output);
  compressBeside(file, output);
  console.log(`shrink-wasm-chunks: ${name}: ${(input.length / 1024).toFixed(0)} KB → ` +
    `${(output.length / 1024).toFixed(0)} KB, ${fetchers} chunk fetchers`);
}
