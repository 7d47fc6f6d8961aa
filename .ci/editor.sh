#!/usr/bin/env bash
# CI stage: the extension in a real VS Code. code-server (VS Code's server build, from npm) and
# Debian's Chromium stand in for desktop VS Code, which cannot be downloaded without GitHub or
# Microsoft's servers. Needs Node 20+, npm and (as root) apt-get; see docs/testing.md.
#
#   .ci/editor.sh                  # install, build, package, extension tests, UI test
#   CASEMARK_EDITOR_VSIX=0 …       # UI test against the source folder instead of the VSIX
set -euo pipefail
cd "$(dirname "$0")/.."
stage_start=$(date +%s)
t() { echo "== editor: $* ($(( $(date +%s) - stage_start )) s)"; }

t "install code-server and Chromium"
bash scripts/editor/install-code-server.sh >/dev/null

[ -x node_modules/.bin/tsx ] && [ -d node_modules/@vscode/test-electron ] || { t "npm ci"; npm ci --no-audit --no-fund; }

t "build"
npm run build

vsix=""
if [ "${CASEMARK_EDITOR_VSIX:-1}" != 0 ]; then
  t "package the VSIX"
  rm -f casemark.vsix
  npx vsce package --no-dependencies --no-rewrite-relative-links -o casemark.vsix </dev/null
  vsix="$PWD/casemark.vsix"
fi

status=0
t "extension tests (mocha, vscode API) in code-server"
node --import tsx test/editor/runTests.ts || status=1

t "UI test (playwright-core, headless Chromium)${vsix:+ against casemark.vsix}"
CASEMARK_VSIX="$vsix" node --import tsx --test --test-reporter=spec test/editor/ui.test.ts || status=1

t "done, exit $status (screenshots in test-artifacts/)"
exit "$status"
