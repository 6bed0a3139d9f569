#!/bin/sh
# Strips a production node_modules down to what runs: the image's build stage calls it after
# `npm prune --omit=dev`. Removes the native SQLite binding's sources and build leftovers (keeping
# the compiled addon), type declarations, TypeScript sources, source maps, Markdown, and each
# package's own tests, examples, benchmarks and docs. About 68 MB → 19 MB.
set -eu
modules="${1:?usage: slim-runtime-modules.sh NODE_MODULES_DIR}"

sqlite="$modules/better-sqlite3"
if [ -f "$sqlite/build/Release/better_sqlite3.node" ]; then
  find "$sqlite/build" -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
  find "$sqlite/build/Release" -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} +
  rm -rf "$sqlite/deps" "$sqlite/src" "$sqlite/binding.gyp"
fi

find "$modules" -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \
  -o -iname '*.md' -o -iname '*.markdown' \) -delete
# Only a package's own top-level folders, never a folder of the same name deeper inside its code.
find "$modules" -regextype posix-extended -type d \
  -regex '(.*/)?node_modules/(@[^/]+/)?[^/]+/(test|tests|__tests__|examples?|docs|benchmarks?|bench|e2e|\.github)' \
  -prune -exec rm -rf {} +
