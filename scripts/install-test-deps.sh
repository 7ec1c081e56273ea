#!/usr/bin/env bash
# Installs what the test suite needs on Debian 12: Chromium for the browser tests, PostGIS for
# the PostgreSQL server suite, GDAL and xmllint as real clients of our standard APIs, a
# Mosquitto broker the fault tests restart, pdftotext to read exported PDFs, Tesseract's
# Vietnamese model (OCR of scanned documents), DejaVu fonts (Vietnamese PDF registers) and OWSLib
# (Debian python3) as a second OGC API client; then the
# npm packages from the lockfile. Packages already present are not reinstalled.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(chromium postgresql-15-postgis-3 gdal-bin libxml2-utils mosquitto mosquitto-clients poppler-utils tesseract-ocr-vie fonts-dejavu-core python3-owslib)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

npm ci --no-audit --no-fund
