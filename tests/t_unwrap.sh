#!/bin/bash
# Reproductions of wrappers, quoting, truncated pastes and permission refusals.
cd "$(dirname "$0")/.." || exit 2
exec python3 tests/unwrap/check.py
