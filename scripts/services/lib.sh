# Shared by the service scripts: where services keep their files, and installing a Debian
# package only when its program is missing (one apt-get update per script run).
TEA_SERVICES_DIR="${TEA_SERVICES_DIR:-${TMPDIR:-/tmp}/tea-services}"

# ensure_package PROGRAM PACKAGE...: installs PACKAGE(s) unless PROGRAM exists.
ensure_package() {
  local program="$1"
  shift
  if [ -x "$program" ] || command -v "$program" >/dev/null 2>&1; then return 0; fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$(basename "$0"): $program is missing and there is no apt-get; install $* by hand" >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "$(basename "$0"): installing $*" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${TEA_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    TEA_APT_UPDATED=1
  fi
  $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s; fails after SECONDS.
wait_until() {
  local tries=$(($1 * 10))
  shift
  for _ in $(seq 1 "$tries"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
