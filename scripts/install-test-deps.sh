#!/usr/bin/env bash
# Installs what the Tether test suites drive for real: Debian packages (chromium for browser tests, postgresql server
# binaries, git, tmux) and the pinned npm packages in tests/node (the claude CLI, the Agent SDK, playwright-core).
# Idempotent and quick when everything is already present; needs root (or sudo) only when a Debian package is missing.
# Nothing is exported globally: tests find claude at tests/node/node_modules/.bin/claude.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_dir="$repo_root/tests/node"
stamp="$node_dir/node_modules/.tether-lock.sha256"

log() { printf 'install-test-deps: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_debian_packages() {
  local wanted=(chromium postgresql git tmux) missing=() pkg
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "debian packages present: ${wanted[*]}"
    return
  fi
  log "installing debian packages: ${missing[*]}"
  # policy-rc.d exit code 101 keeps the postgresql package from starting the system cluster: the tests start their own.
  local policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    trap 'as_root rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

claude_works() {
  "$node_dir/node_modules/.bin/claude" --version >/dev/null 2>&1
}

lock_hash() {
  sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1
}

install_node_packages() {
  command -v npm >/dev/null || { log "npm is not installed"; exit 1; }
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(lock_hash)" ] && claude_works; then
    log "tests/node/node_modules matches package-lock.json"
    return
  fi
  log "npm ci in tests/node"
  # --ignore-scripts=false: claude-code's postinstall copies the platform's native binary (an optional dependency,
  # e.g. @anthropic-ai/claude-code-linux-x64) over the bin/claude.exe placeholder; a global ignore-scripts would skip it.
  (cd "$node_dir" && npm ci --ignore-scripts=false --include=optional --no-audit --no-fund --loglevel=error)
  if ! claude_works; then
    # Newer npm versions may hold back install scripts that are not allow-listed; run the postinstall ourselves.
    log "claude did not run after npm ci; running its postinstall explicitly"
    (cd "$node_dir/node_modules/@anthropic-ai/claude-code" && node install.cjs)
  fi
  if ! claude_works; then
    log "tests/node/node_modules/.bin/claude --version fails; is the native package for $(uname -m) installed?"
    exit 1
  fi
  lock_hash >"$stamp"
  log "claude $("$node_dir/node_modules/.bin/claude" --version)"
}

install_debian_packages
install_node_packages
log "done"
