#!/usr/bin/env bash
# Set up .venv with argmap and (with --dev) everything the tests need, from the project's own
# files only. Safe to run again: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "error: argmap needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.argmap-installed${extras:+-dev}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing argmap${extras} into .venv" >&2
  .venv/bin/python -m pip install --quiet --upgrade pip 2>&1 | grep -v '^WARNING: Location' >&2 || true
  .venv/bin/python -m pip install --quiet -e ".${extras}" 2>&1 | grep -v '^WARNING: Location' >&2 || true
  .venv/bin/python -c 'import argmap' # fail here, not later, when the install did not work
  touch "$stamp"
fi

if [ "${1:-}" = "--dev" ]; then
  # Debian packages the tests need (browsers, Graphviz…), installed only when missing.
  missing=()
  while read -r pkg; do
    pkg=${pkg%%#*}; pkg=${pkg//[[:space:]]/}
    [ -z "$pkg" ] && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done < scripts/system-packages.txt
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >&2
  fi
  # npm packages used only by tests (reference tools), into tests/js/node_modules.
  if [ -f tests/js/package-lock.json ] && { [ ! -d tests/js/node_modules ] ||
      [ tests/js/package-lock.json -nt tests/js/node_modules ]; }; then
    echo "setup: installing npm packages for the tests into tests/js/node_modules" >&2
    npm ci --prefix tests/js --no-audit --no-fund --loglevel=error >&2
    touch tests/js/node_modules
  fi
fi
