#!/usr/bin/env bash
# Installs code-server (VS Code's server build, from npm) into a cache folder outside the
# repository, without reaching GitHub: the editor tests run the extension in it, driven by
# Debian's Chromium. Idempotent: a finished install leaves a marker and is skipped next time.
#
#   scripts/editor/install-code-server.sh          # prints the install folder on its last line
#   CASEMARK_EDITOR_CACHE=/some/dir  CODE_SERVER_VERSION=4.96.4
#
# Why each step (a plain `npm install code-server` fails here three ways): its postinstall
# refuses to run as root, lib/vscode's shrinkwrap pins @vscode/proxy-agent to a GitHub
# commit, and @vscode/ripgrep downloads rg from GitHub. So: install without scripts, point
# the proxy-agent entry at the registry tarball (same content, same integrity), rebuild the
# native modules, use Debian's rg, and redo the rest of the postinstall by hand.
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.96.4}"
CACHE="${CASEMARK_EDITOR_CACHE:-$HOME/.cache/casemark-editor}"
PREFIX="$CACHE/code-server-$VERSION"
PKG="$PREFIX/node_modules/code-server"
VSCODE="$PKG/lib/vscode"
MARKER="$PREFIX/.casemark-installed"

log() { printf '[install-code-server] %s\n' "$*" >&2; }

# --- system packages: Chromium (the browser), ripgrep (VS Code's search), libkrb5-dev (the
# kerberos module builds against it), a C++ toolchain and Python (node-gyp)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'; }
need=()
if [ -z "${CASEMARK_CHROMIUM:-}" ] || [ ! -x "${CASEMARK_CHROMIUM:-}" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
# Screenshots need at least one font (a minimal image may have none).
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
if command -v dpkg-query >/dev/null 2>&1; then
  installed libkrb5-dev || need+=(libkrb5-dev)
else
  command -v krb5-config >/dev/null 2>&1 || need+=(libkrb5-dev)
fi
{ command -v make && command -v g++; } >/dev/null 2>&1 || need+=(build-essential)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ "${#need[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "apt-get install ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    log "missing system packages: ${need[*]} (install them, e.g. sudo apt-get install -y ${need[*]})"
    exit 1
  fi
fi

if [ -f "$MARKER" ] && [ -f "$PKG/out/node/entry.js" ]; then
  log "code-server $VERSION already installed in $PREFIX"
  echo "$PREFIX"
  exit 0
fi

start=$(date +%s)
mkdir -p "$PREFIX"
cd "$PREFIX"
[ -f package.json ] || printf '{ "name": "casemark-editor-cache", "private": true }\n' > package.json

# 1. code-server itself, scripts off (its postinstall refuses root and fetches from GitHub)
log "npm install --ignore-scripts code-server@$VERSION"
npm install --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >/dev/null
npm rebuild argon2 >/dev/null

# 2. lib/vscode: repoint @vscode/proxy-agent from its GitHub commit to the registry tarball
REGISTRY="$(npm config get registry)"
REGISTRY="${REGISTRY%/}"
node - "$VSCODE/npm-shrinkwrap.json" "$REGISTRY" <<'JS'
const fs = require('fs');
const [file, registry] = process.argv.slice(2);
const wrap = JSON.parse(fs.readFileSync(file, 'utf8'));
const entry = wrap.packages && wrap.packages['node_modules/@vscode/proxy-agent'];
if (entry && entry.version && !String(entry.resolved || '').startsWith(registry)) {
  entry.resolved = `${registry}/@vscode/proxy-agent/-/proxy-agent-${entry.version}.tgz`;
  fs.writeFileSync(file, JSON.stringify(wrap, null, 2) + '\n');
  console.error(`[install-code-server] @vscode/proxy-agent ${entry.version} -> ${entry.resolved}`);
}
JS
log "npm install --omit=dev --ignore-scripts (lib/vscode)"
(cd "$VSCODE" && npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null)

# 3. the native modules VS Code's server loads (node-pty may run `npx node-gyp`)
log "npm rebuild native modules (lib/vscode)"
(cd "$VSCODE" && npm_config_yes=true npm rebuild @parcel/watcher @vscode/spdlog @vscode/deviceid native-watchdog node-pty kerberos >/dev/null)

# 4. Debian's ripgrep instead of the one @vscode/ripgrep would download
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
ln -sfn "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"

# 5. the rest of code-server's postinstall
(cd "$VSCODE" && ln -sfn node_modules node_modules.asar)
(cd "$VSCODE/bin/remote-cli" && ln -sfn code-linux.sh code-server)
(cd "$VSCODE/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
log "npm install --omit=dev (lib/vscode/extensions)"
(cd "$VSCODE/extensions" && npm install --no-audit --no-fund --omit=dev >/dev/null)

# A smoke test; code-server writes a default config into XDG_CONFIG_HOME, so point it here.
XDG_CONFIG_HOME="$PREFIX/.smoke" XDG_DATA_HOME="$PREFIX/.smoke" node "$PKG/out/node/entry.js" --version >&2
rm -rf "$PREFIX/.smoke"
date -u +%FT%TZ > "$MARKER"
log "installed code-server $VERSION in $PREFIX in $(( $(date +%s) - start )) s"
echo "$PREFIX"
