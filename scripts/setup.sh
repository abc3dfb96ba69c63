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
  echo "==> 安装 Python 依赖到 .venv（第一次约需几分钟）" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  touch "$stamp"
fi
if [ "${1:-}" = "test" ]; then
  if [ ! -x /usr/bin/chromium ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "==> 安装 Debian 的 chromium 和中文字体（浏览器测试用）" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/ajv/package.json ] || [ ! -f node_modules/ajv-formats/package.json ]; then
    echo "==> 安装 npm 的 axe-core、ajv、ajv-formats（无障碍和 JSON Schema 的第三方检查）" >&2
    npm install --no-audit --no-fund --silent >/dev/null
  fi
fi
