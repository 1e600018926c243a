#!/bin/bash
# Every corpus log against its expected record and its capturer's notes.
cd "$(dirname "$0")/.." || exit 2
exec python3 tools/corpus-check.py
