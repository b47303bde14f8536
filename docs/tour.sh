#!/usr/bin/env bash
# The five-minute tour of README.md, run as one script against `npm start` (another terminal):
#   bash docs/tour.sh                 # LEDGER=http://localhost:3000 unless set
# It runs the README's own code block, so the two cannot drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."
tour=$(awk '/^## A five-minute tour/{inside=1} inside && /^```sh$/{code=1; next} code && /^```$/{exit} code' README.md)
export LEDGER="${LEDGER:-http://localhost:3000}"
eval "${tour//LEDGER=http:\/\/localhost:3000/:}"
