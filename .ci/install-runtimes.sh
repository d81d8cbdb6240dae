#!/usr/bin/env bash
# Installs the runtimes that tests/codegen uses to run every generated snippet for real, and the parsers that
# syntax-check the snippets whose runtime Debian/PyPI/npm cannot give us. Idempotent: each step checks first, so a
# second run costs a few seconds. Quiet on success, loud (set -e plus the failing command's output) on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 npm_config_fund=false \
    npm_config_audit=false npm_config_update_notifier=false

CACHE=.cache
mkdir -p "$CACHE"
# The cache ignores itself (as .pytest_cache does), so its venv and node_modules never reach a commit.
[ -f "$CACHE/.gitignore" ] || echo "*" > "$CACHE/.gitignore"
# A venv of its own for the snippets' Python libraries (httpie, requests, httpx) and the tree-sitter grammars, so
# their pins never move a version in the project's .venv. tests/codegen/runtimes.py knows these paths.
TOOLS_VENV="$CACHE/codegen-venv"
NODE_DIR="$CACHE/codegen-node"

apt_packages=(curl wget golang-go php-cli php-curl php-guzzlehttp-guzzle ruby gcc libc6-dev libcurl4-openssl-dev
    libokhttp-java)
command -v javac >/dev/null || apt_packages+=(openjdk-17-jdk-headless)
command -v node >/dev/null || apt_packages+=(nodejs npm)
missing=()
for pkg in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=$(command -v python3.11 2>/dev/null || command -v python3)
[ -x "$TOOLS_VENV/bin/python" ] || "$python" -m venv "$TOOLS_VENV"
pip_packages=(httpie requests httpx tree-sitter tree-sitter-powershell tree-sitter-c-sharp tree-sitter-rust
    tree-sitter-swift tree-sitter-kotlin tree-sitter-dart tree-sitter-java tree-sitter-php)
stamp="$TOOLS_VENV/.installed"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${pip_packages[*]}" ]; then
    "$TOOLS_VENV/bin/python" -m pip install -qq "${pip_packages[@]}"
    echo "${pip_packages[*]}" > "$stamp"
fi

if [ ! -f "$NODE_DIR/node_modules/axios/package.json" ]; then
    mkdir -p "$NODE_DIR"
    [ -f "$NODE_DIR/package.json" ] || echo '{"name": "codegen-node", "private": true}' > "$NODE_DIR/package.json"
    npm install --silent --prefix "$NODE_DIR" axios >/dev/null
fi

# Fail here, not in the tests, when an install step "succeeded" without leaving its tool behind.
for tool in curl wget go php ruby gcc java javac node; do
    command -v "$tool" >/dev/null || { echo "install-runtimes: $tool is missing after install" >&2; exit 1; }
done
php -r 'exit(function_exists("curl_init") ? 0 : 1);' || { echo "install-runtimes: php has no curl extension" >&2; exit 1; }
"$TOOLS_VENV/bin/http" --version >/dev/null
