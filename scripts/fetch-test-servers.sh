#!/usr/bin/env bash
# Downloads the jars of a real Kafka broker and an ElasticMQ server for the integration tests.
# Idempotent: a directory with a .complete marker is left alone.
set -euo pipefail

KAFKA_VERSION="${KAFKA_VERSION:-3.9.1}"
ELASTICMQ_VERSION="${ELASTICMQ_VERSION:-1.7.1}"
CLOUDEVENTS_VERSION="${CLOUDEVENTS_VERSION:-4.0.1}"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ROOT}/.cache"

# fetch <name> <dependencies-xml> <main-class...>
fetch() {
  local name="$1" deps="$2"
  shift 2
  local dest="${CACHE}/${name}"
  if [[ -f "${dest}/.complete" ]]; then
    echo "${name}: already present in ${dest}" >&2
    return
  fi

  local work
  work="$(mktemp -d "${TMP_ROOT}/${name}.XXXXXX")"
  cat >"${work}/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.test-servers</groupId>
  <artifactId>${name}</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>${deps}</dependencies>
</project>
POM

  echo "${name}: downloading with Maven..." >&2
  # Output only on failure: Debian's Maven 3.8 prints stray ANSI resets even with -q.
  if ! mvn -q -B -f "${work}/pom.xml" "${DEPENDENCY_PLUGIN}:copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="${work}/libs" >"${work}/mvn.log" 2>&1; then
    cat "${work}/mvn.log" >&2
    exit 1
  fi

  # Fail early if a main class is missing rather than when a test starts the server.
  local jar cls
  for jar in "${work}"/libs/*.jar; do unzip -Z1 "${jar}"; done >"${work}/classes.txt"
  for cls in "$@"; do
    if ! grep -qxF "${cls//.//}.class" "${work}/classes.txt"; then
      echo "${name}: class ${cls} not found in the downloaded jars" >&2
      exit 1
    fi
  done

  rm -rf "${dest}"
  mkdir -p "${dest}"
  mv "${work}/libs" "${dest}/libs"
  date -u +%FT%TZ >"${dest}/.complete"
  echo "${name}: $(ls "${dest}/libs" | wc -l) jars in ${dest}/libs" >&2
}

dep() {
  printf '<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>' "$1" "$2" "$3"
}

# The harness targets Kafka 3.x (log4j 1 logging, kafka.admin.ConfigCommand in the core jar).
if [[ "${KAFKA_VERSION}" != 3.* ]]; then
  echo "KAFKA_VERSION=${KAFKA_VERSION}: only Kafka 3.x is supported" >&2
  exit 1
fi
# reload4j is compileOnly in Kafka 3.x, so the broker needs an explicit logging backend.
kafka_deps="$(dep org.apache.kafka kafka_2.13 "${KAFKA_VERSION}")"
kafka_deps+="$(dep ch.qos.reload4j reload4j 1.2.25)$(dep org.slf4j slf4j-reload4j 1.7.36)"

# Parallel test processes may call this at once; let one download while the others wait.
mkdir -p "${CACHE}"
# Work inside .cache so the final mv is a rename; removed however the script ends.
TMP_ROOT="$(mktemp -d "${CACHE}/.fetch.XXXXXX")"
trap 'rm -rf "${TMP_ROOT}"' EXIT
if command -v flock >/dev/null; then
  exec 9>"${CACHE}/.fetch.lock"
  flock 9
fi

fetch "kafka-${KAFKA_VERSION}" "${kafka_deps}" kafka.Kafka kafka.tools.StorageTool kafka.admin.ConfigCommand
fetch "elasticmq-${ELASTICMQ_VERSION}" \
  "$(dep org.elasticmq elasticmq-server_2.13 "${ELASTICMQ_VERSION}")" org.elasticmq.server.Main
# The CloudEvents Java SDK for tests/integration/clientCloudEventsJava.test.ts. Its kafka-clients
# and Jackson are left out: the test puts the broker's own jars (same Kafka version) first.
ce_exclusions='<exclusions><exclusion><groupId>org.apache.kafka</groupId><artifactId>kafka-clients</artifactId></exclusion><exclusion><groupId>com.fasterxml.jackson.core</groupId><artifactId>*</artifactId></exclusion></exclusions>'
fetch "cloudevents-${CLOUDEVENTS_VERSION}" \
  "<dependency><groupId>io.cloudevents</groupId><artifactId>cloudevents-kafka</artifactId><version>${CLOUDEVENTS_VERSION}</version>${ce_exclusions}</dependency><dependency><groupId>io.cloudevents</groupId><artifactId>cloudevents-json-jackson</artifactId><version>${CLOUDEVENTS_VERSION}</version>${ce_exclusions}</dependency>" \
  io.cloudevents.kafka.CloudEventSerializer io.cloudevents.jackson.JsonFormat
# MirrorMaker 2 (dedicated mode) for the replication test of tests/integration/mirrorMaker.test.ts.
fetch "mirror-maker-${KAFKA_VERSION}" \
  "$(dep org.apache.kafka connect-mirror "${KAFKA_VERSION}")$(dep ch.qos.reload4j reload4j 1.2.25)$(dep org.slf4j slf4j-reload4j 1.7.36)" \
  org.apache.kafka.connect.mirror.MirrorMaker
