#!/usr/bin/env bash
# Update-site install test: the installation in $1 was made by the p2 director from a stock-platform
# repository ($2, which holds no GeoSync and no Derby/JTS/proj4j/sqlite) plus the GeoSync update site.
# Starting it with GeoSync's headless application proves the feature installed and its bundles resolved.
set -euo pipefail
install=$1 platform_repo=$2
fail() { echo "INSTALL TEST FAILED: $*" >&2; exit 1; }

# globs, not "ls | grep -q": with pipefail an early-exiting grep makes ls fail on SIGPIPE
has() { compgen -G "$1" > /dev/null; }
has "$platform_repo/plugins/org.geosync.*" && fail "the stock platform repository must not contain GeoSync"
has "$platform_repo/plugins/derby_*" && fail "the stock platform repository must not contain Derby"
for b in org.geosync.core org.geosync.cli org.geosync.ui org.geosync.model derby org.locationtech.jts.jts-core; do
  has "$install/plugins/${b}_*" || fail "bundle $b was not installed into $install/plugins"
done
launchers=("$install"/plugins/org.eclipse.equinox.launcher_*.jar)
launcher=${launchers[0]}
[ -f "$launcher" ] || fail "no equinox launcher jar in $install/plugins"
java="${JAVA_HOME:?JAVA_HOME must point at a JDK >= 21}/bin/java"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { "$java" -jar "$launcher" -nosplash -application org.geosync.cli.geosync "$@"; }

run --help > "$work/help.txt" || fail "geosync --help exited $? in the installed Eclipse"
grep -q 'replica create PARENT_DIR CHILD_DIR' "$work/help.txt" || fail "--help did not list the commands: $(cat "$work/help.txt")"
# Derby came from the update site: create a geodatabase with it
run gdb create "$work/gdb" > "$work/create.txt" || fail "gdb create failed in the installed Eclipse"
[ -f "$work/gdb/service.properties" ] || fail "no Derby database was written"
echo "Update site installs: GeoSync bundles resolved and ran in $install ($(ls "$install"/plugins | wc -l) bundles)."
