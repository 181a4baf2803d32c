#!/usr/bin/env bash
# Smoke test of the materialized product in $1 (results and screenshot in $2):
#  - the CLI application answers --help with the contract's commands (exit 0) and refuses an unknown
#    command with exit 2 and a usage line; the sample city exports to a GeoPackage and a layer of it
#    imports into a new geodatabase (sqlite-jdbc and its native library work in the product);
#  - the workbench starts (on the Xvfb display the build runs under) and shows the Distributed
#    Geodatabase perspective with its views; a screenshot is saved as $2/workbench.png.
set -euo pipefail
product=$1 out=$2
fail() { echo "PRODUCT SMOKE TEST FAILED: $*" >&2; [ -f "$out/workbench.log" ] && tail -n 40 "$out/workbench.log" >&2; exit 1; }
rm -rf "$out"; mkdir -p "$out"
launchers=("$product"/plugins/org.eclipse.equinox.launcher_*.jar)
launcher=${launchers[0]}
[ -f "$launcher" ] || fail "no equinox launcher jar in $product/plugins"
java="${JAVA_HOME:?JAVA_HOME must point at a JDK >= 21}/bin/java"
cli() { "$java" -jar "$launcher" -nosplash -data @none -application org.geosync.cli.geosync "$@"; }

cli --help > "$out/help.txt" 2> "$out/help.err" || fail "geosync --help exited $?"
for c in 'gdb create DIR' 'replica create PARENT_DIR' 'sync DIR1 DIR2' 'message import DIR FILE' 'conflicts resolve DIR' 'bench'; do
  grep -q -- "$c" "$out/help.txt" || fail "--help does not list '$c'"
done
set +e; cli frobnicate > /dev/null 2> "$out/unknown.err"; code=$?; set -e
[ "$code" -eq 2 ] || fail "an unknown command exited $code, expected 2"
grep -q '^usage: geosync' "$out/unknown.err" || fail "an unknown command printed no usage line: $(cat "$out/unknown.err")"
cli gdb create "$out/gdb" > "$out/create.txt" || fail "gdb create exited $?"
set +e; cli gdb create "$out/gdb" > /dev/null 2> "$out/again.err"; code=$?; set -e
[ "$code" -eq 1 ] && [ "$(wc -l < "$out/again.err")" -eq 1 ] || fail "creating over an existing geodatabase should exit 1 with one line, got $code: $(cat "$out/again.err")"
cli gdb create "$out/city" --sample --features 4 > /dev/null || fail "gdb create --sample exited $?"
cli gdb export "$out/city" "$out/city.gpkg" > "$out/export.txt" 2> "$out/export.err" || fail "gdb export exited $?"
# a command that succeeds says nothing on stderr (libraries' logging included: scripts read stderr as the refusal)
[ ! -s "$out/export.err" ] || fail "gdb export wrote to stderr: $(cat "$out/export.err")"
grep -q '^Exported HYDRANTS as layer hydrants: 2 features (point, EPSG:3857)$' "$out/export.txt" \
  || fail "gdb export printed: $(cat "$out/export.txt")"
cli gdb create "$out/copy" > /dev/null || fail "gdb create exited $?"
cli gdb import "$out/copy" "$out/city.gpkg" --layer hydrants > "$out/import.txt" 2> "$out/import.err" || fail "gdb import exited $?"
[ ! -s "$out/import.err" ] || fail "gdb import wrote to stderr: $(cat "$out/import.err")"
grep -q '^Imported layer hydrants as HYDRANTS: 2 features (point, EPSG:3857)$' "$out/import.txt" \
  || fail "gdb import printed: $(cat "$out/import.txt")"
echo "CLI: --help, usage error and refusal behave as the contract says; a GeoPackage exports and imports (sqlite-jdbc in the product)."

# bin/geosync's fast start (bin/cli-start.sh): the CLI's own OSGi configuration, then its class cache, give every
# command below the same output, stderr and exit code as the product's full configuration
geosync_root=$(cd "$(dirname -- "$0")/../.." && pwd) geosync_product=$product
geosync_launcher() { echo "$launcher"; }
GEOSYNC_CACHE_DIR="$out/cache" GEOSYNC_FAST_START=1
. "$geosync_root/bin/cli-start.sh"
fast() { "$java" "${geosync_cli_jvm[@]}" -jar "$geosync_cli_jar" -nosplash "${geosync_cli_args[@]}" -data @none -application org.geosync.cli.geosync "$@"; }
same() { # same output, stderr and exit code both ways
  local a b
  set +e; cli "$@" > "$out/full.out" 2> "$out/full.err"; a=$?; fast "$@" > "$out/fast.out" 2> "$out/fast.err"; b=$?; set -e
  [ "$a" -eq "$b" ] || fail "fast start: '$*' exited $b, the full configuration $a: $(cat "$out/fast.err")"
  cmp -s "$out/full.out" "$out/fast.out" || fail "fast start: '$*' printed something else: $(diff "$out/full.out" "$out/fast.out" | head -n 5)"
  cmp -s "$out/full.err" "$out/fast.err" || fail "fast start: '$*' wrote something else on stderr: $(diff "$out/full.err" "$out/fast.err" | head -n 5)"
}
fast_commands() {
  same --help
  same frobnicate
  same gdb info "$out/city"
  same gdb info "$out/city" --json
  same gdb info "$out/nowhere"
  same sql "$out/city" "SELECT PARCEL_NO, ADDRESS, SHAPE FROM PARCELS ORDER BY PARCEL_NO FETCH FIRST 1 ROWS ONLY"
  same sql "$out/city" "SELECT * FROM GDB_REPLICAS"
  same replica list "$out/city"
  same replica list "$out/city" --json
  same replica schema-export "$out/city" nothing "$out/none.xmi"
  same gdb export "$out/city" "$out/fast.gpkg" --overwrite
}
GEOSYNC_CLASS_CACHE=0 geosync_cli_prepare   # the class cache is trained below, not in the background
[ -n "$geosync_cli_dir" ] && [[ " ${geosync_cli_jvm[*]} " != *" -XX:AOTCache="* ]] || fail "bin/cli-start.sh made no configuration in $out/cache"
# the launcher and framework jars run from unsigned copies (the JDK caches no class of a signed jar) when zip is there
! command -v zip > /dev/null || [ "$geosync_cli_jar" = "$geosync_cli_dir/boot/launcher.jar" ] \
  || fail "bin/cli-start.sh made no unsigned copy of the launcher: $(ls "$geosync_cli_dir")"
fast_commands
fast replica create "$out/city" "$out/crew" --name crew --type two-way > /dev/null || fail "fast start: replica create exited $?"
same replica list "$out/city"
same sql "$out/crew" "SELECT COUNT(*) FROM HYDRANTS"
geosync_cli_train "$geosync_cli_dir" > "$out/training.log" 2>&1 || fail "the class cache training failed: $(tail -n 5 "$out/training.log")"
geosync_cli_prepare
[[ " ${geosync_cli_jvm[*]} " == *" -XX:AOTCache="* ]] || fail "no class cache after the training: $(ls "$geosync_cli_dir")"
fast_commands
# serve (Jetty) starts and answers with the CLI's configuration too
port=$((20000 + RANDOM % 20000))
fast user add "$out/users" smoke --role administrator > /dev/null || fail "fast start: user add exited $?"
# the JVM itself in the background (not the function fast, whose shell would be what $! names and kill stops)
"$java" "${geosync_cli_jvm[@]}" -jar "$geosync_cli_jar" -nosplash "${geosync_cli_args[@]}" -data @none -application org.geosync.cli.geosync \
  serve --port "$port" --users "$out/users" city="$out/city" > "$out/serve.out" 2> "$out/serve.err" &
serve=$!
for _ in $(seq 1 60); do grep -q '^Serving city at ' "$out/serve.out" && break; sleep 1; done
grep -q '^Serving city at ' "$out/serve.out" || { kill $serve; fail "fast start: serve did not come up: $(cat "$out/serve.err")"; }
answer=$(exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET /api/v1 HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3 && cat <&3) || true
kill $serve; wait $serve 2> /dev/null || true
case $answer in HTTP/1.1\ *) ;; *) fail "fast start: serve answered GET /api/v1 with: $answer" ;; esac
[ ! -s "$out/serve.err" ] || fail "fast start: serve wrote to stderr: $(cat "$out/serve.err")"
mkdir -p "$out/bench" && cp -r "$out/city" "$out/bench/city"
GEOSYNC_CACHE_DIR="$out/cache" bash "$geosync_root/releng/benchmarks/startup.sh" --runs 1 --dir "$out/bench" > "$out/startup.txt" 2>&1 || fail "releng/benchmarks/startup.sh failed: $(tail "$out/startup.txt")"
for c in 'gdb info' 'sql (one row)' 'replica list'; do
  grep -q "^$c " "$out/startup.txt" || fail "the start-up benchmark printed no line for '$c': $(cat "$out/startup.txt")"
done
echo "CLI fast start: the same output with the CLI's own configuration and with its class cache; serve answers; the start-up benchmark runs."

[ -n "${DISPLAY:-}" ] || fail "no DISPLAY: run the build under xvfb-run (bin/test does)"
report="$out/startup-report.txt"
"$java" -Dgeosync.startupReport="$report" -jar "$launcher" -nosplash -data "$out/workspace" \
  -perspective org.geosync.ui.perspective > "$out/workbench.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$report" ] && break
  kill -0 $pid 2>/dev/null || fail "the workbench exited before showing its window"
  sleep 1
done
[ -f "$report" ] || fail "the workbench did not come up within 120 s"
sleep 3  # let the window paint before the screenshot
if command -v import >/dev/null 2>&1; then
  import -window root "$out/workbench.png" || fail "could not take a screenshot"
fi
kill $pid 2>/dev/null || true
grep -q '^perspective=org.geosync.ui.perspective$' "$report" || fail "the perspective shown is not Distributed Geodatabase: $(cat "$report")"
for v in Catalog 'Replica Manager' 'Map Preview' Properties Conflicts 'Message History'; do
  grep -q "^view=$v\$" "$report" || fail "view '$v' missing from the perspective: $(cat "$report")"
done
echo "Workbench: Distributed Geodatabase perspective shown; screenshot $out/workbench.png"
