#!/bin/bash
# The stand-in Neo4j image's entrypoint (images.sh), after the official image's: started by tini as root,
# it writes the NEO4J_* settings of the environment into conf/neo4j.conf, sets the initial password
# from NEO4J_AUTH, gives /data and /logs to the user neo4j (uid 7474) and runs `neo4j console` as that
# user in the foreground, so that `docker stop` (SIGTERM through tini) stops Neo4j and ends the container.
# Any other command runs as it is.
set -euo pipefail

if [ "${1:-}" != "neo4j" ]; then
  exec "$@"
fi

conf="$NEO4J_HOME/conf/neo4j.conf"
# NEO4J_server_bolt_listen__address=127.0.0.1:7687 is server.bolt.listen_address=...: "_" is ".", "__" is
# "_". Only names in lower case after the prefix are settings (NEO4J_AUTH, NEO4J_HOME are not). The values
# are written as they are, never evaluated; a setting replaces the conf's own lines; a value of several
# lines is one line each (server.jvm.additional takes one JVM option a line).
while IFS= read -r name; do
  setting="${name#NEO4J_}"
  setting="${setting//__/$'\x01'}"
  setting="${setting//_/.}"
  setting="${setting//$'\x01'/_}"
  [ -n "${!name}" ] || continue
  awk -v key="$setting=" 'index($0, key) != 1' "$conf" > "$conf.new"
  while IFS= read -r value; do
    [ -z "$value" ] || printf '%s=%s\n' "$setting" "$value" >> "$conf.new"
  done <<< "${!name}"
  mv "$conf.new" "$conf"
done < <(compgen -e | grep -E '^NEO4J_[a-z][a-z0-9_]*$' | sort)

run_as_neo4j=()
if [ "$(id -u)" = 0 ]; then
  chown -R neo4j:neo4j /data /logs
  run_as_neo4j=(setpriv --reuid=neo4j --regid=neo4j --init-groups)
fi

auth="${NEO4J_AUTH:-}"
if [ "$auth" = none ]; then
  printf '%s\n' "dbms.security.auth_enabled=false" >> "$conf"
elif [ -n "$auth" ]; then
  user="${auth%%/*}"
  password="${auth#*/}"
  if [ "$user" != neo4j ] || [ "$password" = "$auth" ]; then
    echo "NEO4J_AUTH must be neo4j/<password> or none, not a value with user '$user'" >&2
    exit 1
  fi
  # the password of a new DBMS only; a store that has its system database keeps its own
  if [ ! -d /data/databases/system ]; then
    "${run_as_neo4j[@]}" "$NEO4J_HOME/bin/neo4j-admin" dbms set-initial-password "$password"
  fi
fi

exec "${run_as_neo4j[@]}" "$NEO4J_HOME/bin/neo4j" console
