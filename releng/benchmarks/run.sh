#!/usr/bin/env bash
# The standard GeoSync benchmark: releng/benchmarks/run.sh [FEATURES] [EDITS]
#   defaults: 1,000,000 point/polygon features with 10 attributes and 100,000 edits (a tenth of FEATURES
#   when only FEATURES is given); small values run quickly, e.g. run.sh 20000 2000.
# Installs what it needs from Debian when missing (gdal-bin for ogr2ogr, sqlite3-tools for sqldiff, time),
# as root or through sudo; builds the product when it is not built yet (bin/geosync does); runs
# 'geosync bench' with the JVM limited to -Xmx256m (BENCH_HEAP overrides) under /usr/bin/time -v, and
# prints the table, the machine, and one JSON line at the end: geosync's own line plus the machine and
# the peak RSS. peakRssBytes is the JVM's own (VmHWM); timeMaxRssBytes is /usr/bin/time's maximum over
# the JVM and the tools it started (ogr2ogr, sqldiff). The data goes to a temporary folder under
# BENCH_DIR (default: TMPDIR or /tmp), deleted afterwards.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

usage() {
  echo "usage: releng/benchmarks/run.sh [FEATURES] [EDITS]   (whole numbers; defaults 1000000 100000)" >&2
  exit 2
}
[ $# -le 2 ] || usage
features=${1:-1000000}
features=${features//[_,]/}
[[ $features =~ ^[0-9]+$ ]] || usage
edits=${2:-$((features / 10))}
edits=${edits//[_,]/}
[[ $edits =~ ^[0-9]+$ ]] || usage
heap=${BENCH_HEAP:-256m}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}

install_missing() {
  local missing=()
  command -v ogr2ogr >/dev/null 2>&1 || missing+=(gdal-bin)
  command -v sqldiff >/dev/null 2>&1 || missing+=(sqlite3-tools)
  [ -x /usr/bin/time ] || missing+=(time)
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "benchmark set-up: installing from Debian: ${missing[*]}" >&2
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "Please install these Debian packages as root first: apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}
install_missing || exit 1

out=$(mktemp)
timing=$(mktemp)
trap 'rm -f "$out" "$timing"' EXIT
echo "GeoSync benchmark: $features features, $edits edits, -Xmx$heap (progress on stderr)" >&2
status=0
GEOSYNC_JAVA_OPTS="${GEOSYNC_JAVA_OPTS:-} -Xmx$heap" /usr/bin/time -v -o "$timing" \
  "$root/bin/geosync" bench --features "$features" --edits "$edits" --dir "$dir" >"$out" || status=$?
if [ $status -ne 0 ]; then
  cat "$out"
  echo "geosync bench failed (exit $status)" >&2
  exit $status
fi

json=$(tail -n 1 "$out")
case $json in
  '{'*'}') ;;
  *) cat "$out"; echo "geosync bench printed no JSON line at the end" >&2; exit 1 ;;
esac
max_rss_kb=$(sed -n 's/^\s*Maximum resident set size (kbytes): *\([0-9]*\)$/\1/p' "$timing")
elapsed=$(sed -n 's/^\s*Elapsed (wall clock) time (h:mm:ss or m:ss): *//p' "$timing")
cpu_model=$(sed -n 's/^model name\s*: *//p' /proc/cpuinfo | head -n 1)
mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
escape() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }

head -n -1 "$out"
echo "machine: $(nproc) CPUs ($cpu_model), $((mem_kb / 1024)) MB RAM, $(uname -sr)"
echo "peak RSS of the whole run (/usr/bin/time -v, JVM and tools): $((max_rss_kb / 1024)) MB; wall clock $elapsed"
echo "${json%\}},\"timeMaxRssBytes\":$((max_rss_kb * 1024)),\"nproc\":$(nproc),\"cpuModel\":\"$(escape "$cpu_model")\",\"memTotalBytes\":$((mem_kb * 1024)),\"kernel\":\"$(escape "$(uname -sr)")\",\"javaOpts\":\"-Xmx$heap\"}"
