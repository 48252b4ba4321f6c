#!/usr/bin/env bash
# Installs SWI-Prolog (the `swipl` binary used by tea's Prolog runtime) on a Debian machine,
# only when it is missing. Runs as root in CI (`.ci/run`) and on a fresh developer machine.
# Why Debian's package: tea runs Prolog blocks as `swipl` subprocesses (see
# src/runtimes/prolog/run-prolog-block.ts for the measurement behind that choice).
# TEA_SWIPL (a binary elsewhere) is the runtime's business; this script only ensures `swipl`.
set -euo pipefail

if command -v swipl >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-swipl: swipl is missing and apt-get is not available; install SWI-Prolog (9.x) by hand" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# The package lists may be empty on a fresh machine: update first, quietly.
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends swi-prolog-nox >/dev/null
command -v swipl >/dev/null
echo "ensure-swipl: installed $(swipl --version)"
