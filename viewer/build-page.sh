#!/bin/sh
# Builds the viewer's page into the jar's classes: NiiVue as pinned (and integrity-checked) by package-lock.json and
# src/main/web bundled by esbuild into one file. Without npm the jar is built without the page, and `satds view`
# says what to install.
set -e
cd "$(dirname "$0")"
out=target/classes/org/satds/viewer/page/viewer.js
if ! command -v npm >/dev/null 2>&1; then
  echo "[viewer] npm not found: building without the viewer page (install Node.js and npm: apt-get install nodejs npm)"
  exit 0
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f "$out" ] || [ -n "$(find src/main/web package-lock.json -newer "$out" -print -quit)" ]; then
  npm run --silent build
fi
