#!/usr/bin/env bash
# A private Docker engine for the deployment test (DockerDeploymentTest), never the machine's own:
# Debian's dockerd started by hand (overlay2 storage, else vfs), no bridge and no iptables, so containers
# can only use the host network (every address 127.0.0.1). Its socket and state live under target/; its
# data root is kept per machine where it can be (overlay2, below), else under target/ and deleted on stop.
#
#   src/test/docker/engine.sh start    # prints DOCKER_HOST=unix://...; or why there is no engine (exit 0)
#   src/test/docker/engine.sh stop     # stops every container, then the engine
#
# Where dockerd cannot run (not root, no cgroups, no storage driver, no dockerd) `start` writes the reason to
# target/docker-engine/unavailable and exits 0: the test skips with that reason, it does not fail.
set -uo pipefail
cd "$(dirname "$0")/../../.."
dir="$PWD/target/docker-engine"
cache="${NEO4J_BACKUP_TEST_IMAGES:-/var/cache/neo4j-backup-test-images}"
socket="$dir/docker.sock"
pidfile="$dir/dockerd.pid"

unavailable() {
  mkdir -p "$dir"
  printf '%s\n' "$1" > "$dir/unavailable"
  echo "Docker engine unavailable: $1"
  exit 0
}

running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start() {
  if running; then echo "DOCKER_HOST=unix://$socket"; return 0; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] || unavailable "dockerd needs root (this is uid $(id -u))"
  command -v dockerd >/dev/null 2>&1 || unavailable "no dockerd (Debian package docker.io)"
  command -v docker >/dev/null 2>&1 || unavailable "no docker client (Debian package docker.io)"
  command -v docker-compose >/dev/null 2>&1 || unavailable "no docker-compose (Debian package docker-compose)"
  [ -d /sys/fs/cgroup ] && [ -n "$(ls -A /sys/fs/cgroup 2>/dev/null)" ] || unavailable "no cgroup filesystem at /sys/fs/cgroup"
  # a unix socket path is at most 107 bytes: a deep clone keeps the runtime's sockets under /tmp
  if [ ${#socket} -gt 90 ]; then
    socket="$(mktemp -d /tmp/nbs-engine.XXXXXX)/docker.sock"
  fi
  # containerd's sockets live under the exec root: short, and never the machine's /run/docker
  exec_root="$(mktemp -d /tmp/nbs-exec.XXXXXX)"
  echo "$exec_root" > "$dir/exec-root"
  echo "$socket" > "$dir/socket"
  # its own containerd namespace, in case the machine runs a containerd of its own at /run/containerd
  ns="nbs-$(printf '%s' "$PWD" | sha256sum | cut -c1-12)"
  # overlay2 where the kernel and the filesystem allow it: a container or a build step costs no copy of its
  # image, and the data root is kept per machine next to the stand-in images (images.sh), with the build
  # cache of the product's image (its Maven dependencies), while no other clone's test engine holds it (a
  # lock that dockerd holds while it runs); else a fresh one under target/. Where overlay2 does not work:
  # vfs, which works everywhere, copies every layer and container whole, and is deleted on stop.
  local reasons="" data_root
  mkdir -p "$cache"
  for driver in ${NEO4J_BACKUP_TEST_STORAGE_DRIVERS:-overlay2 vfs}; do
    data_root="$dir/data"
    exec 8>&-
    if [ "$driver" = overlay2 ] && exec 8>"$cache/engine.lock" && flock -n 8; then
      data_root="$cache/engine-overlay2"
      # a kept data root grows with every build of changed sources: started afresh past 20 GB
      if [ "$(du -sm "$data_root" 2>/dev/null | cut -f1)" -gt 20000 ] 2>/dev/null; then rm -rf "$data_root"; fi
    else
      exec 8>&-
      rm -rf "$data_root"
    fi
    mkdir -p "$data_root"
    echo "$data_root" > "$dir/data-root"
    setsid dockerd --storage-driver="$driver" --bridge=none --iptables=false --ip6tables=false \
      --data-root="$data_root" --exec-root="$exec_root" --pidfile="$pidfile" -H "unix://$socket" \
      --containerd-namespace="$ns" --containerd-plugins-namespace="$ns-plugins" \
      > "$dir/dockerd.log" 2>&1 < /dev/null &
    local pid=$!
    for _ in $(seq 1 60); do
      if DOCKER_HOST="unix://$socket" docker version >/dev/null 2>&1; then
        echo "$driver" > "$dir/storage-driver"
        echo "DOCKER_HOST=unix://$socket (storage driver $driver, data root $data_root)"
        return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null
      reasons="$reasons $driver: no answer on $socket within 60 s;"
    else
      reasons="$reasons $driver: $(grep -E 'level=(fatal|error)' "$dir/dockerd.log" | tail -n 1 | cut -c1-200);"
    fi
    mv "$dir/dockerd.log" "$dir/dockerd-$driver.log"
  done
  unavailable "dockerd did not start:$reasons (target/docker-engine/dockerd-*.log)"
}

stop() {
  [ -d "$dir" ] || return 0
  socket="$(cat "$dir/socket" 2>/dev/null || echo "$socket")"
  if running; then
    local pid
    pid="$(cat "$pidfile")"
    export DOCKER_HOST="unix://$socket"
    ids="$(docker ps -q 2>/dev/null)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || docker stop -t 20 $ids >/dev/null 2>&1
    # nothing of a run stays in a kept data root but images and the build cache
    docker container prune -f >/dev/null 2>&1
    docker volume prune -f >/dev/null 2>&1
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  exec_root="$(cat "$dir/exec-root" 2>/dev/null || true)"
  data_root="$(cat "$dir/data-root" 2>/dev/null || echo "$dir/data")"
  # the engine's own mounts (its network namespace, overlay2's data root, what a dead engine left): never
  # delete through them
  findmnt -rn -o TARGET | grep -F -e "$dir/" -e "$data_root" ${exec_root:+-e "$exec_root/"} | sort -r \
    | while read -r mount; do umount -l "$mount"; done
  # a data root under target/ goes (vfs: GBs); the one kept per machine stays
  rm -rf "$dir/data"
  [ -z "$exec_root" ] || rm -rf "$exec_root"
  case "$socket" in /tmp/nbs-engine.*) rm -rf "$(dirname "$socket")" ;; esac
  rm -f "$pidfile" "$dir/socket" "$dir/exec-root" "$dir/unavailable"
  echo "Docker engine stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
