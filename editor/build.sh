#!/usr/bin/env bash
# Build the editor's page into dist/ (committed: `cargo build` embeds it and
# needs no Node.js). Needs Node.js ≥ 18 and npm; installs the exact versions
# of package-lock.json. Run after changing src/.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm run build
