#!/usr/bin/env bash
# Printed documents (documents/pdf) use WeasyPrint, which needs Debian's Pango (with HarfBuzz's
# subsetter, so only the glyphs used are embedded); their tests read the PDFs with poppler's
# pdffonts/pdftotext/pdftoppm. Install what is missing, once. The CJK font is shipped in the
# repository (documents/fonts), not installed here.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig poppler-utils)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "Installing ${missing[*]} for the PDF documents…"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
