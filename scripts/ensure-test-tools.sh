#!/usr/bin/env bash
# Installs the Debian tools the test suite drives for real, only those that are missing:
# tmux (a run inside a tmux session), SWI-Prolog (Prolog blocks). One apt-get run for all.
# Runs before `npm test` (pretest) and therefore in CI; needs root or sudo on a fresh machine.
set -euo pipefail

declare -A wanted=(
  [tmux]=tmux
  [swipl]=swi-prolog-nox
)

missing=()
for command in "${!wanted[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-tools: missing ${missing[*]} and no apt-get to install them; install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "ensure-test-tools: installing ${missing[*]}" >&2
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
