#!/usr/bin/env bash
# GeoPackage import/export throughput: writes N points (default 100000) to a GeoPackage, imports them
# into a new geodatabase and exports them again, printing features/s. Not part of CI.
# Needs a build first (./mvnw verify -pl bundles/org.geosync.core.tests -am) for the compiled classes;
# runs on a plain class path (no OSGi), with the target platform's jars from ~/.m2.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/.mvn/jdk.sh"
m2=${MAVEN_REPO:-$HOME/.m2/repository}
jars=(
  org/apache/derby/derby/10.17.1.0/derby-10.17.1.0.jar
  org/apache/derby/derbyshared/10.17.1.0/derbyshared-10.17.1.0.jar
  org/apache/derby/derbytools/10.17.1.0/derbytools-10.17.1.0.jar
  org/locationtech/jts/jts-core/1.20.0/jts-core-1.20.0.jar
  org/locationtech/proj4j/proj4j/1.4.1/proj4j-1.4.1.jar
  org/locationtech/proj4j/proj4j-epsg/1.4.1/proj4j-epsg-1.4.1.jar
  org/xerial/sqlite-jdbc/3.54.1.0/sqlite-jdbc-3.54.1.0.jar
  org/eclipse/platform/org.eclipse.equinox.common/3.21.0/org.eclipse.equinox.common-3.21.0.jar
  org/eclipse/platform/org.eclipse.osgi/3.24.300/org.eclipse.osgi-3.24.300.jar
)
cp="$root/bundles/org.geosync.core/target/classes:$root/bundles/org.geosync.core.tests/target/classes"
for j in "${jars[@]}"; do
  [ -f "$m2/$j" ] || { echo "missing $m2/$j: run the Maven build first" >&2; exit 1; }
  cp="$cp:$m2/$j"
done
exec "$JAVA_HOME/bin/java" -Xmx512m -cp "$cp" org.geosync.core.tests.GeoPackageBenchmark "$@"
