#!/usr/bin/env bash
# Sets up everything Minyi needs in ./.venv. It needs Python 3.11+ and git; on Debian or
# Ubuntu it installs what is missing with apt-get (as root, or through sudo), elsewhere it
# stops with one line naming what to install. `setup.sh test` also installs what the
# tests need: Debian's chromium and the CJK fonts (Playwright drives /usr/bin/chromium, no
# browser download), npm, and from npm axe-core, ajv and ajv-formats (package.json).
# Every long step says what it is doing; every failure is one line starting with 错误.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "==> $*" >&2; }
die() {
  echo "错误：$*" >&2
  exit 1
}

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
APT_UPDATED=""
apt_install() { # apt_install WHAT PACKAGE...: install Debian packages, or stop naming WHAT
  local what=$1
  shift
  command -v apt-get >/dev/null 2>&1 || die "缺少${what}。本脚本只会用 Debian/Ubuntu 的 apt-get 安装，请先自行安装：$*"
  if [ -n "$SUDO" ] && ! command -v sudo >/dev/null 2>&1; then
    die "缺少${what}，安装需要管理员权限：以 root 运行 apt-get install $*"
  fi
  if [ -z "$APT_UPDATED" ]; then
    say "更新 apt 软件包列表（apt-get update）"
    $SUDO apt-get update -qq >/dev/null || die "apt-get update 失败：检查网络和软件源后重试"
    APT_UPDATED=1
  fi
  say "用 apt 安装${what}：$*（约需一两分钟）"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* 失败"
}

python_ok() { # a Python 3.11+ with venv (ensurepip) under this name
  command -v "$1" >/dev/null 2>&1 && "$1" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}
find_python() {
  local c names="python3 python3.13 python3.12 python3.11"
  [ -z "${PYTHON:-}" ] || names=$PYTHON # a Python named by the caller is the only one tried
  for c in $names; do
    if python_ok "$c"; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

PY=$(find_python) || PY=""
if [ -z "$PY" ]; then
  if [ -n "${PYTHON:-}" ]; then
    die "PYTHON=$PYTHON 不是带 venv 模块的 Python 3.11 或更新版本"
  fi
  apt_install " Python 3.11+ 和 venv 模块" python3 python3-venv
  PY=$(find_python) || die "需要 Python 3.11 或更新的版本（现在的 python3 是 $(python3 --version 2>&1 || echo 无)）；装好后用 PYTHON=python3.11 bash scripts/start"
fi
command -v git >/dev/null 2>&1 || apt_install " git（记录保存在 git 仓库中）" git

if [ ! -x .venv/bin/python ]; then
  say "用 $PY（$("$PY" --version 2>&1)）创建 .venv"
  "$PY" -m venv .venv || die "创建 .venv 失败；Debian/Ubuntu 上先安装 python3-venv"
fi
stamp=.venv/.minyi-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  say "安装 Python 依赖到 .venv（MkDocs Material、PyYAML、jsonschema、ruamel.yaml、click、Pagefind……；第一次约需几分钟）"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip ||
    die "升级 pip 失败（上面是 pip 的输出）：检查网络或 PIP_INDEX_URL 后重试"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" ||
    die "安装 Python 依赖失败（上面是 pip 的输出）：检查网络或 PIP_INDEX_URL 后重试"
  touch "$stamp"
fi

if [ "${1:-}" = "test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if command -v dpkg-query >/dev/null 2>&1 && ! dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; then
    missing+=(fonts-noto-cjk)
  fi
  [ ${#missing[@]} -eq 0 ] || apt_install " 浏览器测试用的 Chromium 和中文字体" "${missing[@]}"
  command -v npm >/dev/null 2>&1 || apt_install " npm（安装 axe-core 和 ajv）" npm
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/ajv/package.json ] || [ ! -f node_modules/ajv-formats/package.json ]; then
    say "用 npm 安装 axe-core、ajv、ajv-formats（无障碍检查和第二个 JSON Schema 实现）"
    npm install --no-audit --no-fund --silent >/dev/null || die "npm install 失败：检查网络或 npm 源（npm config get registry）后重试"
  fi
fi
