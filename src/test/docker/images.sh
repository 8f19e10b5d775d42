#!/usr/bin/env bash
# Stand-ins for the official images of docker-compose.yml, made from Debian's packages (no image registry
# is reachable here), for the deployment test only:
#   neo4j-backup-test/jdk:17          eclipse-temurin:17-jdk  (openjdk-17-jdk-headless, JAVA_HOME=/opt/java/openjdk)
#   neo4j-backup-test/neo4j:VERSION   neo4j:VERSION-community (target/neo4j-home at /var/lib/neo4j, uid 7474)
#   neo4j-backup-test/prometheus:2    prom/prometheus         (Debian's prometheus)
#   neo4j-backup-test/mailcatcher:1   axllent/mailpit         (mailcatcher/mailcatcher.py on python3-aiosmtpd)
# All four stand on ONE mmdebstrap root filesystem with the packages of all of them (one download, one
# unpack, one import), cached as a tarball in $NEO4J_BACKUP_TEST_IMAGES (default
# /var/cache/neo4j-backup-test-images) under a hash of its definition below: built once per machine,
# imported into the engine of DOCKER_HOST when it lacks that version. Each stand-in is then a small
# Dockerfile on it (jdk/, neo4j/, prometheus/, mailcatcher/ beside this script), built by the engine (its
# build cache makes an unchanged one free). Needs root, mmdebstrap and Debian's package mirrors;
# target/neo4j-home comes from the Maven build.
#
#   src/test/docker/images.sh base                      # the base tarball only (no engine, no Neo4j home)
#   DOCKER_HOST=unix://... src/test/docker/images.sh    # base, then the four images; prints their names
#
# TEST_MAVEN_MIRROR (optional): a Maven repository URL the JDK stand-in's Maven and wrapper use
# (jdk/Dockerfile).
set -euo pipefail
shopt -s inherit_errexit
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cache="${NEO4J_BACKUP_TEST_IMAGES:-/var/cache/neo4j-backup-test-images}"
home="$root/target/neo4j-home"
suite=bookworm
mkdir -p "$cache"

# The base: a JDK 17 (the JRE in it runs Neo4j), what the Neo4j image's entrypoint and health check use
# (tini, wget, procps), Prometheus, python3-aiosmtpd; apt stays in (variant apt): the product's Dockerfile
# installs age on top of the Neo4j image. Smaller: no documentation, manual pages, translations or
# recommended packages, no jmods (nothing here links a runtime image), none of moment-timezone's 300 MB of
# time zone data (only Prometheus's classic web UI graphs use it). dpkg without an fsync per file (a
# throwaway root filesystem: minutes less on a busy disk). The openjdk packages' scripts want
# /usr/share/man/man1 even without the manual pages.
packages=openjdk-17-jdk-headless,ca-certificates,curl,tini,wget,procps,prometheus,python3-aiosmtpd
# It trusts the certificate authorities this machine added to its own trust store
# (/usr/local/share/ca-certificates), as the machine's own Maven does: where HTTPS leaves through a proxy with
# its own authority, the build stage reaches Maven Central only so. The JDK where the Temurin images have
# it. The user neo4j (uid and gid 7474) as in the official Neo4j image.
args=(--variant=apt --include="$packages" --format=tar
  --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Languages "none"' --dpkgopt='force-unsafe-io'
  --setup-hook='mkdir -p "$1/usr/share/man/man1"'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*' --dpkgopt='path-exclude=/usr/lib/jvm/*/jmods/*'
  --dpkgopt='path-exclude=/usr/share/javascript/moment-timezone/data/*'
  --customize-hook='mkdir -p "$1/opt/java" && ln -s "$(cd "$1" && ls -d usr/lib/jvm/java-17-openjdk-* | head -n 1 | sed "s|^|/|")" "$1/opt/java/openjdk"'
  --customize-hook='for ca in /usr/local/share/ca-certificates/*.crt; do [ ! -e "$ca" ] || cp "$ca" "$1/usr/local/share/ca-certificates/"; done'
  --customize-hook='chroot "$1" update-ca-certificates'
  --customize-hook='chroot "$1" groupadd --gid 7474 neo4j && chroot "$1" useradd --uid 7474 --gid 7474 --no-create-home --home-dir /var/lib/neo4j --shell /bin/bash neo4j')

# The key of the base: its whole definition (so an edit of a comment here rebuilds nothing) and the
# machine's added authorities by content.
key() {
  {
    echo "$suite"
    printf '%s\n' "${args[@]}"
    for ca in /usr/local/share/ca-certificates/*.crt; do [ ! -e "$ca" ] || sha256sum < "$ca"; done
  } | sha256sum | cut -c1-16
}

hash="$(key)"
tar="$cache/base-$hash.tar"

# the cached base tarball, made when missing (one builder at a time: a second waits for the first)
build_base() {
  exec 9>"$cache/.base.lock"
  flock 9
  if [ ! -s "$tar" ]; then
    echo "building the stand-ins' base (once per machine: $tar)" >&2
    local started=$SECONDS
    # Debian's own python3 for mmdebstrap's helpers (mmtarfilter runs once per package): a python3 shim
    # earlier on the PATH (pyenv) costs seconds each time
    if ! PATH=/usr/sbin:/usr/bin:/sbin:/bin mmdebstrap --quiet "${args[@]}" "$suite" "$tar.part" >&2 < /dev/null; then
      rm -f "$tar.part"
      echo "building the stand-ins' base failed (mmdebstrap above)" >&2
      return 1
    fi
    mv "$tar.part" "$tar"
    # only the current version stays (and none of the four tarballs of before)
    find "$cache" -maxdepth 1 \( -name '*.tar' -o -name '*.tar.part' \) ! -name "base-$hash.tar" -delete
    echo "stand-ins' base built in $((SECONDS - started)) s" >&2
  fi
  exec 9>&-
}

build_base
if [ "${1:-}" = base ]; then
  echo "$tar"
  exit 0
fi

[ -x "$home/bin/neo4j" ] || { echo "no Neo4j home at $home: build first (./mvnw -DskipTests package)" >&2; exit 1; }
neo4j_version="$(tr -d '\r\n' < "$home/VERSION")"

base="neo4j-backup-test/base:$hash"
if ! docker image inspect "$base" >/dev/null 2>&1; then
  started=$SECONDS
  docker import "$tar" "$base" >/dev/null
  echo "stand-ins' base imported in $((SECONDS - started)) s" >&2
fi

# standin TAG DIR [tar arguments for more of the context]: DIR's Dockerfile on the base; the context is DIR's
# files and what the tar arguments add, streamed (nothing copied to disk)
standin() {
  local tag="$1" dir="$2"; shift 2
  local build_args=(--build-arg "BASE=$base")
  [ "$dir" != jdk ] || build_args+=(--build-arg "MAVEN_MIRROR=${TEST_MAVEN_MIRROR:-}")
  local log started=$SECONDS
  log="$(mktemp)"
  # the classic builder, as docker-compose 1.29 uses; its output only when it fails
  if ! tar -cf - -C "$here/$dir" . "$@" \
      | DOCKER_BUILDKIT=0 docker build -q "${build_args[@]}" -t "$tag" - > "$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "building the stand-in $tag failed" >&2
    return 1
  fi
  rm -f "$log"
  echo "$tag ($((SECONDS - started)) s)" >&2
  echo "$tag"
}

# a loopback URL only: it goes into the JDK stand-in's settings.xml
if [ -n "${TEST_MAVEN_MIRROR:-}" ] && ! [[ "$TEST_MAVEN_MIRROR" =~ ^http://127\.0\.0\.1:[0-9]{1,5}$ ]]; then
  echo "TEST_MAVEN_MIRROR must be http://127.0.0.1:PORT, not $TEST_MAVEN_MIRROR" >&2
  exit 2
fi
standin neo4j-backup-test/jdk:17 jdk
# the Neo4j home without its data and logs (links to the volumes in the image) and the JAVA_HOME file of
# the machine that assembled it
standin "neo4j-backup-test/neo4j:$neo4j_version" neo4j -C "$root/target" \
  --exclude=neo4j-home/data --exclude=neo4j-home/logs --exclude=neo4j-home/JAVA_HOME --exclude=neo4j-home/run \
  neo4j-home
standin neo4j-backup-test/prometheus:2 prometheus
standin neo4j-backup-test/mailcatcher:1 mailcatcher
