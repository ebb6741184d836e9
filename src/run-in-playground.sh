#!/usr/bin/env bash
# Runs TeamsKiCoach for a person to try: the bot (Development, SQLite, no AI key, no app registration) and the
# Microsoft 365 Agents Playground as the Teams client. Installs the npm packages it needs first.
# Open http://localhost:56150 when it says so; stop with Ctrl+C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v node >/dev/null 2>&1; then
  echo "Node.js is needed for the Agents Playground (apt-get install nodejs npm)." >&2
  exit 1
fi
(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
exec node tests/e2e/try-it.mjs
