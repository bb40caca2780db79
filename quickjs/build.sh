#!/usr/bin/env bash
# Build LeakLab's QuickJS with Debian's emscripten (apt-get install -y emscripten): the vendored
# sources, the numbered patches in patches/, quickjs-emscripten's C wrapper and LeakLab's C module
# (c/leaklab.c, compiled in place of quickjs.c). Writes dist/:
#   release/leaklab-quickjs.mjs + .wasm   -Oz -flto, for the page's worker and for Node
#   debug/leaklab-quickjs.mjs + .wasm     -O0 with LeakSanitizer, for the tests that check for leaks
#     (no emscripten ASSERTIONS: they reject Node, which the ES module otherwise runs in as it is)
# The same sources and emcc give the same bytes: `bash quickjs/build.sh --check` rebuilds into a
# temporary folder and compares with what is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
check=0
[ "${1:-}" = "--check" ] && check=1

command -v emcc >/dev/null || { echo "emcc not found: apt-get install -y emscripten" >&2; exit 3; }
# emcc's JS optimizer needs acorn, which the project's node_modules has.
export NODE_PATH="$root/node_modules${NODE_PATH:+:$NODE_PATH}"

build=$(mktemp -d /tmp/leaklab-quickjs.XXXXXX)
trap 'rm -rf "$build"' EXIT
mkdir -p "$build/vendor/quickjs" "$build/c" "$build/out"
cp "$here"/vendor/quickjs/*.[ch] "$here/vendor/quickjs/VERSION" "$build/vendor/quickjs/"
for p in "$here"/patches/*.patch; do
  patch -s -d "$build/vendor/quickjs" -p1 < "$p"
done
cp "$here/vendor/quickjs-emscripten/c/interface.c" "$here/c/leaklab.c" "$build/c/"

# Every function the published FFI wraps, so quickjs-emscripten's QuickJSFFI works unchanged, and ours.
node -e '
  const fs = require("fs")
  const ffi = fs.readFileSync(require.resolve("@jitl/quickjs-wasmfile-release-sync/ffi"), "utf8")
  const qts = [...new Set(ffi.match(/"QTS_[A-Za-z0-9_]+"/g).map((s) => "_" + s.slice(1, -1)))].sort()
  const ours = [...fs.readFileSync(process.argv[1], "utf8").matchAll(/EMSCRIPTEN_KEEPALIVE\s*\n[^(]*?\b(leaklab_[a-z_]+)\(/g)].map((m) => "_" + m[1])
  fs.writeFileSync(process.argv[2], JSON.stringify([...qts, ...ours, "_malloc", "_free"]))
' "$here/c/leaklab.c" "$build/symbols.json"

version=$(cat "$here/vendor/quickjs/VERSION")
defines=(-D_GNU_SOURCE "-DCONFIG_VERSION=\"$version\"" -DCONFIG_STACK_CHECK)
# No absolute path of this machine ends up in the output.
common=(-ffile-prefix-map="$build"=. -Wno-everything)

link_flags=(
  -s MODULARIZE=1 -s IMPORTED_MEMORY=1 -s EXPORT_NAME=QuickJSRaw -s INVOKE_RUN=0
  -s ALLOW_MEMORY_GROWTH=1 -s ALLOW_TABLE_GROWTH=1 -s TOTAL_STACK=5MB -s SUPPORT_ERRNO=0 --no-entry
  -s FILESYSTEM=0 -s EXPORT_ES6=1 -s ENVIRONMENT=web,worker
  -s "EXPORTED_RUNTIME_METHODS=@$here/vendor/quickjs-emscripten/exportedRuntimeMethods.json"
  -s "EXPORTED_FUNCTIONS=@$build/symbols.json"
  --pre-js "$here/vendor/quickjs-emscripten/templates/pre-extension.js"
  --pre-js "$here/vendor/quickjs-emscripten/templates/pre-wasmMemory.js"
)

variant() {
  local name=$1; shift
  local flags=("$@")
  local objs=()
  mkdir -p "$build/obj/$name" "$build/out/$name"
  for src in leaklab dtoa libregexp libunicode cutils quickjs-libc; do
    local file="$build/vendor/quickjs/$src.c"
    [ "$src" = leaklab ] && file="$build/c/leaklab.c"
    emcc "${common[@]}" "${flags[@]}" "${defines[@]}" -c -o "$build/obj/$name/$src.o" "$file"
    objs+=("$build/obj/$name/$src.o")
  done
  emcc "${common[@]}" "${flags[@]}" -c -o "$build/obj/$name/interface.o" "$build/c/interface.c"
  emcc "${common[@]}" "${flags[@]}" "${link_flags[@]}" -o "$build/out/$name/leaklab-quickjs.mjs" "$build/obj/$name/interface.o" "${objs[@]}"
}

variant release -Oz -flto
variant debug -O0 -s ASSERTIONS=0 -DQTS_DEBUG_MODE -DDUMP_LEAKS=1 -DQTS_SANITIZE_LEAK -fsanitize=leak -g2

if [ "$check" = 1 ]; then
  status=0
  for f in release/leaklab-quickjs.mjs release/leaklab-quickjs.wasm debug/leaklab-quickjs.mjs debug/leaklab-quickjs.wasm; do
    if cmp -s "$build/out/$f" "$here/dist/$f"; then echo "same: dist/$f"; else echo "DIFFERS: dist/$f"; status=1; fi
  done
  exit $status
fi
rm -rf "$here/dist"
mkdir -p "$here/dist"
cp -r "$build/out/release" "$build/out/debug" "$here/dist/"
cp "$here/leaklab-quickjs.d.mts" "$here/dist/release/"
cp "$here/leaklab-quickjs.d.mts" "$here/dist/debug/"
ls -l "$here"/dist/*/
