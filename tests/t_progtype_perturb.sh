#!/bin/bash
# The program type of each dev log that shows one survives the ways users'
# pastes differ (tests/progtype_perturb.py: per-line prefixes, JSON and
# logfmt values, quotes, indentation, the clue line moved or made the
# prefix, two pastes in one, ...).
cd "$(dirname "$0")/.." || exit 2
exec python3 tests/progtype_perturb.py
