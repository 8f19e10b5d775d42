#!/usr/bin/env bash
# Stand-ins for the official images of docker-compose.yml, made from Debian's packages (no image registry
# is reachable here), for the deployment test only:
#   neo4j-backup-test/jdk:17          eclipse-temurin:17-jdk  (openjdk-17-jdk-headless, JAVA_HOME=/opt/java/openjdk)
#   neo4j-backup-test/neo4j:VERSION   neo4j:VERSION-community (target/neo4j-home at /var/lib/neo4j, uid 7474)
#   neo4j-backup-test/prometheus:2    prom/prometheus         (Debian's prometheus)
#   neo4j-backup-test/mailcatcher:1   axllent/mailpit         (mailcatcher/mailcatcher.py on python3-aiosmtpd)
# Each is one mmdebstrap root filesystem (one layer: vfs copies every layer whole), cached as a tarball in
# $NEO4J_BACKUP_TEST_IMAGES (default /var/cache/neo4j-backup-test-images) under a hash of its inputs (this
# script, its files, the Neo4j home's file list): built once per machine, imported into the engine of
# DOCKER_HOST on every run. Needs root, mmdebstrap and Debian's package mirrors; target/neo4j-home comes
# from the Maven build.
#
#   DOCKER_HOST=unix://... src/test/docker/images.sh        # prints the image names, one per line
set -euo pipefail
shopt -s inherit_errexit
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cache="${NEO4J_BACKUP_TEST_IMAGES:-/var/cache/neo4j-backup-test-images}"
home="$root/target/neo4j-home"
suite=bookworm
mkdir -p "$cache"
[ -x "$home/bin/neo4j" ] || { echo "no Neo4j home at $home: build first (./mvnw -DskipTests package)" >&2; exit 1; }
neo4j_version="$(tr -d '\r\n' < "$home/VERSION")"
# the hooks below read these (never pasted into their text)
export STANDIN_FILES="$here" STANDIN_NEO4J_HOME="$home"

# Smaller root filesystems: no documentation, manual pages or translations, no recommended packages.
# dpkg without an fsync per file (a throwaway root filesystem: minutes less on a busy disk). The openjdk
# packages' scripts want /usr/share/man/man1 even without the manual pages.
common=(--format=tar
  --aptopt='APT::Install-Recommends "false"' --aptopt='Acquire::Languages "none"' --dpkgopt='force-unsafe-io'
  --setup-hook='mkdir -p "$1/usr/share/man/man1"'
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-exclude=/usr/share/info/*')
# The JDK where the Temurin images have it
java_hooks=(--customize-hook='mkdir -p "$1/opt/java" && ln -s "$(cd "$1" && ls -d usr/lib/jvm/java-17-openjdk-* | head -n 1 | sed "s|^|/|")" "$1/opt/java/openjdk"')

# The key of an image: its whole definition (the mmdebstrap and import arguments, so an edit of a comment
# here rebuilds nothing), the files it copies by content, and the Neo4j home by its file list.
key_of() {
  {
    echo "$suite"
    printf '%s\n' "${common[@]}"
    # paths from the repository's root, so that every clone on the machine finds the same images
    for arg in "$@"; do printf '%s\n' "${arg//"$root"/.}"; done
    for input in "$@"; do
      if [ -d "$input" ]; then (cd "$input" && find . -type f -printf '%P %s\n' | LC_ALL=C sort)
      elif [ -f "$input" ]; then sha256sum < "$input"; fi
    done
  } | sha256sum | cut -c1-16
}

# build NAME HASH mmdebstrap-arguments...: the cached root filesystem, made when missing
build() {
  local name="$1" hash="$2"; shift 2
  local tar="$cache/$name-$hash.tar"
  exec 9>"$cache/.$name.lock"
  flock 9
  if [ ! -s "$tar" ]; then
    echo "building the $name stand-in (once per machine: $tar)" >&2
    local started=$SECONDS
    # Debian's own python3 for mmdebstrap's helpers (mmtarfilter runs once per package): a python3 shim
    # earlier on the PATH (pyenv) costs seconds each time
    if ! PATH=/usr/sbin:/usr/bin:/sbin:/bin mmdebstrap --quiet "${common[@]}" "$@" "$suite" "$tar.part" >&2 < /dev/null; then
      rm -f "$tar.part"
      echo "building the $name stand-in failed (mmdebstrap above)" >&2
      return 1
    fi
    mv "$tar.part" "$tar"
    # only the current version of each stays
    find "$cache" -maxdepth 1 \( -name "$name-*.tar" -o -name "$name-*.tar.part" \) ! -name "$name-$hash.tar" -delete
    echo "$name stand-in built in $((SECONDS - started)) s" >&2
  fi
  flock -u 9
  echo "$tar"
}

# import IMAGE TAR --change...: into the engine, unless that image (same hash label) is there
import() {
  local image="$1" tar="$2"; shift 2
  local hash
  hash="$(basename "$tar" .tar)"
  if [ "$(docker image inspect -f '{{index .Config.Labels "neo4j-backup-test.source"}}' "$image" 2>/dev/null)" != "$hash" ]; then
    docker import --change "LABEL neo4j-backup-test.source=$hash" "$@" "$tar" "$image" >/dev/null
  fi
  echo "$image"
}

# image NAME TAG [mmdebstrap arguments] -- [import changes] -- [input files]: built when missing, imported
image() {
  local name="$1" tag="$2"; shift 2
  local args=() changes=() inputs=()
  while [ "$1" != -- ]; do args+=("$1"); shift; done; shift
  while [ "$1" != -- ]; do changes+=(--change "$1"); shift; done; shift
  inputs=("$@")
  local tar
  tar="$(build "$name" "$(key_of "${args[@]}" "${changes[@]}" "${inputs[@]}")" "${args[@]}")"
  import "$tag" "$tar" "${changes[@]}"
}

path=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The JDK (no jmods: nothing here links a runtime image). It trusts the certificate authorities this
# machine added to its own trust store (/usr/local/share/ca-certificates), as the machine's own Maven does:
# where HTTPS leaves through a proxy with its own authority, the build stage reaches Maven Central only so.
local_cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${local_cas[0]}" ] || local_cas=()
image jdk neo4j-backup-test/jdk:17 \
  --variant=essential --include=openjdk-17-jdk-headless,ca-certificates,curl \
  --dpkgopt='path-exclude=/usr/lib/jvm/*/jmods/*' "${java_hooks[@]}" \
  --customize-hook='for ca in /usr/local/share/ca-certificates/*.crt; do [ ! -e "$ca" ] || cp "$ca" "$1/usr/local/share/ca-certificates/"; done' \
  --customize-hook='chroot "$1" update-ca-certificates' -- \
  'ENV JAVA_HOME=/opt/java/openjdk' "ENV PATH=/opt/java/openjdk/bin:$path" 'ENV LANG=C.UTF-8' 'CMD ["jshell"]' -- \
  "${local_cas[@]}"

# Neo4j: the official image's layout. /var/lib/neo4j/{data,logs} are links to the volumes /data and /logs;
# the user neo4j (uid and gid 7474) owns them; tini is PID 1 and passes docker stop's SIGTERM on.
# apt stays in (variant apt): the product's Dockerfile installs age on top of this image.
image neo4j "neo4j-backup-test/neo4j:$neo4j_version" \
  --variant=apt --include=openjdk-17-jre-headless,tini,wget,procps "${java_hooks[@]}" \
  --customize-hook='cp -a "$STANDIN_NEO4J_HOME" "$1/var/lib/neo4j"' \
  --customize-hook='install -D -m 0755 "$STANDIN_FILES/neo4j/docker-entrypoint.sh" "$1/startup/docker-entrypoint.sh"' \
  --customize-hook='install -m 0644 "$STANDIN_FILES/neo4j/neo4j.conf" "$1/var/lib/neo4j/conf/neo4j.conf"' \
  --customize-hook='echo "neo4j:x:7474:7474::/var/lib/neo4j:/bin/bash" >> "$1/etc/passwd"' \
  --customize-hook='echo "neo4j:x:7474:" >> "$1/etc/group"' \
  --customize-hook='echo "neo4j:*:19000:0:99999:7:::" >> "$1/etc/shadow"' \
  --customize-hook=': > "$1/var/lib/neo4j/JAVA_HOME"; rm -rf "$1/var/lib/neo4j/data" "$1/var/lib/neo4j/logs"' \
  --customize-hook='mkdir -p "$1/data" "$1/logs" && ln -s /data "$1/var/lib/neo4j/data" && ln -s /logs "$1/var/lib/neo4j/logs"' \
  --customize-hook='chroot "$1" chown -R neo4j:neo4j /data /logs /var/lib/neo4j' -- \
  'ENV JAVA_HOME=/opt/java/openjdk' 'ENV NEO4J_HOME=/var/lib/neo4j' \
  "ENV PATH=/var/lib/neo4j/bin:/opt/java/openjdk/bin:$path" 'ENV LANG=C.UTF-8' 'WORKDIR /var/lib/neo4j' \
  'VOLUME ["/data", "/logs"]' 'EXPOSE 7474 7473 7687' \
  'ENTRYPOINT ["tini", "-g", "--", "/startup/docker-entrypoint.sh"]' 'CMD ["neo4j"]' -- \
  "$here/neo4j/docker-entrypoint.sh" "$here/neo4j/neo4j.conf" "$home"

# Prometheus as the official image runs it: as nobody, its database in the volume /prometheus (without
# moment-timezone's 300 MB of time zone data, which only the classic web UI's graphs use)
image prometheus neo4j-backup-test/prometheus:2 \
  --variant=essential --include=prometheus \
  --dpkgopt='path-exclude=/usr/share/javascript/moment-timezone/data/*' \
  --customize-hook='mkdir -p "$1/prometheus" && chown 65534:65534 "$1/prometheus"' -- \
  'USER nobody' 'WORKDIR /prometheus' 'VOLUME ["/prometheus"]' 'EXPOSE 9090' \
  'ENTRYPOINT ["/usr/bin/prometheus"]' \
  'CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]' --

image mailcatcher neo4j-backup-test/mailcatcher:1 \
  --variant=essential --include=python3-aiosmtpd \
  --customize-hook='install -D -m 0644 "$STANDIN_FILES/mailcatcher/mailcatcher.py" "$1/usr/local/lib/mailcatcher.py"' -- \
  'USER nobody' 'EXPOSE 1025 8025' 'ENTRYPOINT ["python3", "/usr/local/lib/mailcatcher.py"]' -- \
  "$here/mailcatcher/mailcatcher.py"
