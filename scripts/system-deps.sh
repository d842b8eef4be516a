#!/usr/bin/env bash
# Debian packages the tests use: Chromium (real-browser tests) and PostgreSQL (storage tests on
# both databases). Installs only what is missing; needs root or sudo for that.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
# Fonts for certificate names in Thai, Hindi, Myanmar and other scripts (fonts-noto-core), and Chinese,
# Japanese and Korean (fonts-noto-cjk): modules/export/fonts.py finds them; tests/unit/test_certificate_fonts.py.
[ -f /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf ] || missing+=(fonts-noto-core)
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
elif [ -n "${CI:-}" ]; then
  # Under CI a missing dependency fails the tests rather than skipping them, so fail here, first and clearly.
  echo "cannot install ${missing[*]}: CI is set, so the tests that need them would fail; run as root or with sudo" >&2
  exit 1
else
  echo "cannot install ${missing[*]}: run as root or install them yourself (tests that need them will be skipped)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
