#!/usr/bin/env bash
# Run vanban's tests. Installs first what the tests read the output with,
# when it is missing: poppler (pdftotext, pdffonts, pdfinfo, pdftohtml),
# qpdf, LibreOffice Writer, Liberation fonts, GNU time, SoftHSM2 and OpenSC
# (Debian/Ubuntu packages), python-docx, openxml-audit and pyHanko (PyPI); for
# `vanban edit`'s browser test, Chromium, its WebDriver and Selenium. Extra
# arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v pdftotext >/dev/null || packages+=(poppler-utils)
command -v pdftohtml >/dev/null || packages+=(poppler-utils)
command -v qpdf >/dev/null || packages+=(qpdf)
# /usr/bin/time measures peak memory in tests/bounds.rs.
[ -x /usr/bin/time ] || packages+=(time)
command -v soffice >/dev/null || packages+=(libreoffice-writer-nogui)
# LibreOffice shows Times New Roman as the metric-compatible Liberation Serif.
if ! { command -v fc-list >/dev/null && fc-list | grep -qi "Liberation Serif"; }; then
  packages+=(fonts-liberation2 fontconfig)
fi
# Signing tests (tests/sign.rs): pdfsig comes with poppler-utils; SoftHSM2 is
# a real PKCS#11 module, pkcs11-tool (OpenSC) loads certificates into it.
command -v softhsm2-util >/dev/null || packages+=(softhsm2)
command -v pkcs11-tool >/dev/null || packages+=(opensc)
command -v openssl >/dev/null || packages+=(openssl)
# The editor's browser test: headless Chromium driven by chromedriver.
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ -x /usr/bin/chromedriver ] || packages+=(chromium-driver)
if ((${#packages[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${packages[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
python3 -c "import docx" 2>/dev/null || python3 -m pip install -q python-docx
python3 -c "import openxml_audit" 2>/dev/null || python3 -m pip install -q openxml-audit
python3 -c "import yaml, jsonschema" 2>/dev/null || python3 -m pip install -q pyyaml jsonschema
# pyHanko: the independent PAdES validator of tests/sign.rs.
python3 -c "import pyhanko, pyhanko_certvalidator" 2>/dev/null || python3 -m pip install -q pyhanko pyhanko-certvalidator
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium

# cargo's default target directory (target/, or CARGO_TARGET_DIR when set),
# and the release profile with the default features, as `cargo run --release`
# uses: after the README's first command, only vanban itself is compiled here.
exec cargo test --release "$@"
