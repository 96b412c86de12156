#!/usr/bin/env bash
# The Debian packages hotline's test suite needs, installed in one place: the README's set-up runs this
# script (with sudo), and so does .ci/run, so a newcomer and CI get the same machine.
#   python3 make g++   build better-sqlite3 from source (node-gyp; no prebuilt binary is downloaded here)
#   chromium           the real browser the report and console tests drive through playwright-core (/usr/bin/chromium)
#   fonts-wqy-microhei a CJK font, so the console's Mandarin renders in Chromium (screenshots) rather than as boxes
#   espeak-ng          the text-to-speech engine the console's softphone speaks prompts with (and the corpus uses)
# Optional, for benchmarks and the corpus only (not needed by `npm test`): sox multimon-ng.
set -euo pipefail
PACKAGES=(python3 make g++ chromium fonts-wqy-microhei espeak-ng)
if [ "${1:-}" = "--with-bench" ]; then PACKAGES+=(sox multimon-ng); fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-debian-packages: all present (${PACKAGES[*]})"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "install-debian-packages: missing ${missing[*]}; run this script as root: sudo bash scripts/install-debian-packages.sh" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-debian-packages: no apt-get here; install ${missing[*]} with your system's package manager" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
echo "install-debian-packages: installed ${missing[*]}"
