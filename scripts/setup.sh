#!/usr/bin/env bash
# Sets up everything Minyi needs in ./.venv, on a machine with only Python 3.11+.
# `setup.sh test` also installs what the browser tests need: Debian's chromium and
# the npm package axe-core (no browser download: Playwright drives /usr/bin/chromium),
# and ajv with ajv-formats, a second JSON Schema implementation the contract tests run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.minyi-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  touch "$stamp"
fi
if [ "${1:-}" = "test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/ajv/package.json ] || [ ! -f node_modules/ajv-formats/package.json ]; then
    npm install --no-audit --no-fund --silent >/dev/null
  fi
fi
