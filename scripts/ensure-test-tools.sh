#!/usr/bin/env bash
# Installs the Debian tools the test suite drives for real, only those that are missing:
# tmux (a run inside a tmux session), SWI-Prolog (Prolog blocks), Redis, sshd, GNU parallel and
# rsync (the remote strategy). One apt-get run for all.
# Runs before `npm test` (pretest) and therefore in CI; needs root or sudo on a fresh machine.
set -euo pipefail

declare -A wanted=(
  [tmux]=tmux
  [swipl]=swi-prolog-nox
  # The remote strategy's end-to-end tests (test/remote/): a real Redis for BullMQ, and an
  # sshd with GNU parallel and rsync for the SSH backend (scripts/services/ start them).
  [redis-server]=redis-server
  [redis-cli]=redis-tools
  [/usr/sbin/sshd]=openssh-server
  [ssh]=openssh-client
  [parallel]=parallel
  [rsync]=rsync
)

missing=()
for command in "${!wanted[@]}"; do
  [ -x "$command" ] || command -v "$command" >/dev/null 2>&1 || missing+=("${wanted[$command]}")
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
