#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright (never `playwright install`);
# Chinese text needs the Noto CJK fonts. Install both once if they are missing.
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to apt-get install chromium fonts-noto-cjk" >&2; exit 1; }
  SUDO=sudo
fi
echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests…"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium fonts-noto-cjk
