#!/usr/bin/env bash
# Two SSH "hosts" on this machine for tests and benchmarks: one sshd listening on 127.0.0.1
# and 127.0.0.2 (port $TEA_SSHD_PORT or 2222), reached as `tea-a` and `tea-b` through an
# ssh_config of its own. Keys are generated into a temp folder; ~/.ssh is never touched.
#   scripts/services/sshd.sh start|stop|status
# `start` prints two lines for the environment:
#   TEA_TEST_SSH_CONFIG=<dir>/ssh_config
#   TEA_TEST_SSH_HOSTS=tea-a,tea-b
# Installs openssh-server, openssh-client, parallel and rsync when missing (GNU parallel
# needs rsync on both ends to transfer files, and perl, which Debian always has).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

command="${1:-start}"
port="${TEA_SSHD_PORT:-2222}"
dir="$TEA_SERVICES_DIR/sshd-$port"
user="$(id -un)"
reachable() { ssh -F "$dir/ssh_config" tea-a true && ssh -F "$dir/ssh_config" tea-b true; }
running() { [ -f "$dir/sshd.pid" ] && kill -0 "$(cat "$dir/sshd.pid")" 2>/dev/null; }

print_env() {
  echo "TEA_TEST_SSH_CONFIG=$dir/ssh_config"
  echo "TEA_TEST_SSH_HOSTS=tea-a,tea-b"
}

start() {
  ensure_package /usr/sbin/sshd openssh-server openssh-client
  ensure_package parallel parallel
  ensure_package rsync rsync
  mkdir -p "$dir" && chmod 700 "$dir"
  if running && reachable; then print_env; return 0; fi
  mkdir -p /run/sshd 2>/dev/null && chmod 0755 /run/sshd 2>/dev/null || true
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519"
  [ -f "$dir/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$dir/client_ed25519"
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys" && chmod 600 "$dir/authorized_keys"
  cat > "$dir/sshd_config" <<CONFIG
ListenAddress 127.0.0.1:$port
ListenAddress 127.0.0.2:$port
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
MaxStartups 100:30:200
MaxSessions 64
AcceptEnv TEA_*
CONFIG
  cat > "$dir/ssh_config" <<CONFIG
Host tea-a
  HostName 127.0.0.1
Host tea-b
  HostName 127.0.0.2
Host tea-a tea-b
  Port $port
  User $user
  IdentityFile $dir/client_ed25519
  IdentitiesOnly yes
  BatchMode yes
  ConnectTimeout 5
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
CONFIG
  # sshd refuses key logins to a locked account (`!` in /etc/shadow) when PAM is off.
  if [ "$(id -u)" -eq 0 ] && getent shadow "$user" | cut -d: -f2 | grep -q '^!'; then
    echo "sshd.sh: $user's password is locked ('!'); setting it to '*' (still no password login)" >&2
    usermod -p '*' "$user"
  fi
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  if ! wait_until 10 reachable; then
    echo "sshd.sh: cannot log in to tea-a/tea-b; sshd log:" >&2
    tail -n 20 "$dir/sshd.log" >&2 || true
    exit 1
  fi
  print_env
}

stop() {
  if running; then
    local pid
    pid="$(cat "$dir/sshd.pid")"
    kill "$pid" 2>/dev/null || true
    wait_until 5 bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/sshd.pid"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) running && reachable && print_env ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
