#!/usr/bin/env bash
# Make sure the local stack's prerequisites are here: Python 3.11+, a JDK 17+
# and Maven. Installs what is missing with apt-get when run as root on
# Debian/Ubuntu; otherwise says what to install and exits 1.
set -euo pipefail

missing=()
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
command -v java >/dev/null 2>&1 || [ -x /usr/lib/jvm/java-17-openjdk-amd64/bin/java ] || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
command -v make >/dev/null 2>&1 || missing+=(make)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[prereqs] installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  echo "[prereqs] missing: ${missing[*]} — install them (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
