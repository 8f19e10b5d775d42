# neo4j-backup-service next to Neo4j. Two stages: the jar is built with the Maven wrapper on a JDK 17, and
# runs on the official Neo4j image of the same version as the server, so that its neo4j-admin writes dumps
# the server can load (and reads the server's store format). No secret is baked in: passwords come from
# the environment at run time (docker-compose.yml, .env).
#
#   docker build -t neo4j-backup-service .                        # Neo4j 5.26 (the default below)
#   docker build --build-arg NEO4J_VERSION=5.26.30-enterprise .    # match your server's version and edition
#   docker build --build-arg NEO4J_VERSION=2025.12.1-community .   # a calendar release (docs/VERSIONS.md)
ARG NEO4J_VERSION=5.26.30-community
# The two base images. Build arguments only so that a machine that reaches no image registry can build
# this file as it is, on local images of the same layout (the deployment test does: docs/deployment.md);
# leave them alone otherwise.
ARG JDK_IMAGE=eclipse-temurin:17-jdk
ARG NEO4J_IMAGE=neo4j:${NEO4J_VERSION}

FROM ${JDK_IMAGE} AS build
WORKDIR /src
# The wrapper and the pom first: the dependency layer is reused while only the sources change.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/neo4j-home/ src/neo4j-home/
RUN ./mvnw -B -q -DskipNeo4jHome=true dependency:resolve
COPY src/main/ src/main/
# -DskipNeo4jHome: the Neo4j home the tests assemble is not needed, the runtime image is a Neo4j home;
# -DskipS3proxy: nor the off-site tests' S3 server (src/s3proxy is not in this build).
RUN ./mvnw -B -q -DskipTests -DskipNeo4jHome=true -DskipS3proxy=true package \
 && cp target/neo4j-backup-service-*[0-9T].jar /neo4j-backup.jar

FROM ${NEO4J_IMAGE}
# The official image brings NEO4J_HOME=/var/lib/neo4j with bin/neo4j-admin, its Java runtime (17 in 5.26,
# 21 in 2025.x: the jar, built for 17, runs on both) and the user neo4j (uid 7474) that owns the Neo4j
# container's /data: the dump reads (and locks) those files.
# age (Debian package) encrypts the archives to public keys when backup.encryption.recipients is set
# (docs/encryption.md); the service drives the program itself, so the image carries it.
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends age \
 && rm -rf /var/lib/apt/lists/* \
 && age --version
COPY --from=build /neo4j-backup.jar /app/neo4j-backup.jar
COPY bin/neo4j-backup /usr/local/bin/neo4j-backup
RUN chmod 0755 /usr/local/bin/neo4j-backup \
 && mkdir -p /backups /app/config /app/keys \
 && chown neo4j:neo4j /backups /app /app/keys \
 && chmod 0750 /backups \
 && chmod 0700 /app/keys \
 && java -version \
 && "$NEO4J_HOME/bin/neo4j-admin" --version
# Defaults for a sidecar: backups in /backups (a volume), the Neo4j data volume mounted at /data.
# ./config/application.yml (mounted at /app/config/) is read from the working directory.
# The manifests' signing key (docs/signing.md) in /app/keys, outside the storage folder: written at the first
# start (0600) when absent; give the folder a volume of its own, or the next container writes another key.
# The heap follows the container's memory limit (mem_limit / --memory): half of it, the rest for
# metaspace, threads and the dump's gzip buffers. Override with JAVA_OPTS at run time.
ENV BACKUP_STORAGE_PATH=/backups \
    BACKUP_SIGNING_KEYFILE=/app/keys/signing.key \
    NEO4J_DATA_PATH=/data \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
WORKDIR /app
USER neo4j
EXPOSE 8080
# Liveness only: Neo4j is down during every dump in stop mode docker, which is no reason to restart us.
# bash's /dev/tcp, because the image is not guaranteed to have curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=2m --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8080} && printf 'GET /actuator/health/liveness HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# No command: the service. A command runs the CLI: docker compose exec backup neo4j-backup list
ENTRYPOINT ["neo4j-backup"]
