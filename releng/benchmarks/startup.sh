#!/usr/bin/env bash
# Start-up of the command line (docs/benchmarks.md, "Start-up"): runs each of
#   geosync gdb info DIR | geosync sql DIR "SELECT ... FETCH FIRST 1 ROWS ONLY" | geosync replica list DIR
# RUNS times (default 7) on the sample geodatabase, with the fast start (the CLI's own configuration and class cache,
# bin/cli-start.sh) and, interleaved, with the product's full configuration (GEOSYNC_FAST_START=0), next to
# 'ogrinfo -so -al' on the same data exported to a GeoPackage. Prints the medians of wall clock and CPU (user + sys),
# the ratios and whether the aim (at most 1.0 s of wall clock) is met. Builds the product first when it is missing
# and waits for the class cache to be made. The machine's load shows in wall clock: compare ratios, not single runs.
#   releng/benchmarks/startup.sh [--runs N] [--dir DIR] [--against OTHER_BIN_GEOSYNC]
# --against: also time another installation's bin/geosync (say, a checkout of main) on the same data.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=7 dir= against=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --against) against=$2; shift 2 ;;
    *) echo "usage: releng/benchmarks/startup.sh [--runs N] [--dir DIR] [--against OTHER_BIN_GEOSYNC]" >&2; exit 2 ;;
  esac
done
geosync="$root/bin/geosync"
. "$root/bin/machine.sh"
geosync_ensure_product
. "$root/bin/cli-start.sh"
work=${dir:-$(mktemp -d)}
[ -n "$dir" ] || trap 'rm -rf "$work"' EXIT
city="$work/city" gpkg="$work/city.gpkg"
if [ ! -d "$city" ]; then
  "$geosync" gdb create "$city" --sample > /dev/null
fi
[ -f "$gpkg" ] || "$geosync" gdb export "$city" "$gpkg" > /dev/null
# the first run makes the CLI's configuration and starts the training of the class cache; wait for it (at most 5 minutes)
"$geosync" --help > /dev/null
geosync_cli_prepare
if [ -n "$geosync_cli_dir" ]; then
  for _ in $(seq 1 300); do
    [ -f "$geosync_cli_dir/cli.aot" ] && break
    grep -q failed "$geosync_cli_dir/training/log" 2>/dev/null && break
    sleep 1
  done
  [ -f "$geosync_cli_dir/cli.aot" ] && cache="class cache $geosync_cli_dir/cli.aot" || cache="no class cache (see $geosync_cli_dir/training/log)"
else
  cache="fast start not available (GEOSYNC_FAST_START=0 or cache directory not writable)"
fi

# one timed run: appends "WALL CPU" (seconds) to the file $1
timed() {
  local file=$1 TIMEFORMAT='%R %U %S'
  shift
  { time "$@" > /dev/null 2>&1; } 2>> "$file.raw"
  tail -n 1 "$file.raw" | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' >> "$file"
}
median() { # column $2 of file $1
  sort -n -k "$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
names=("gdb info" "sql (one row)" "replica list")
query="SELECT PARCEL_NO, ADDRESS FROM PARCELS ORDER BY PARCEL_NO FETCH FIRST 1 ROWS ONLY"
run_cmd() { # $1 index, $2.. the geosync to run
  local i=$1
  shift
  case $i in
    0) "$@" gdb info "$city" ;;
    1) "$@" sql "$city" "$query" ;;
    2) "$@" replica list "$city" ;;
  esac
}
t=$(mktemp -d)
for _ in $(seq 1 "$runs"); do
  for i in 0 1 2; do
    timed "$t/fast$i" run_cmd "$i" "$geosync"
    timed "$t/full$i" run_cmd "$i" env GEOSYNC_FAST_START=0 "$geosync"
    [ -z "$against" ] || timed "$t/other$i" run_cmd "$i" "$against"
  done
  if command -v ogrinfo > /dev/null 2>&1; then timed "$t/ogr" ogrinfo -so -al "$gpkg"; fi
done
ogr=nan
[ -f "$t/ogr" ] && ogr=$(median "$t/ogr" 1)
echo "GeoSync CLI start-up: median of $runs runs, wall clock (CPU user+sys) in seconds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "fast start: $cache"
printf '%-15s %16s %16s %8s' command "fast start" "full config" "full/fast"
[ -z "$against" ] || printf ' %16s %9s' "--against" "other/fast"
printf ' %9s %9s %s\n' ogrinfo "fast/ogr" "aim <= 1.0 s"
for i in 0 1 2; do
  fw=$(median "$t/fast$i" 1) fc=$(median "$t/fast$i" 2) uw=$(median "$t/full$i" 1) uc=$(median "$t/full$i" 2)
  printf '%-15s %7.2f (%5.2f) %7.2f (%5.2f) %8.2f' "${names[$i]}" "$fw" "$fc" "$uw" "$uc" "$(awk -v a="$uw" -v b="$fw" 'BEGIN { printf "%.2f", a / b }')"
  if [ -n "$against" ]; then
    ow=$(median "$t/other$i" 1) oc=$(median "$t/other$i" 2)
    printf ' %7.2f (%5.2f) %9.2f' "$ow" "$oc" "$(awk -v a="$ow" -v b="$fw" 'BEGIN { printf "%.2f", a / b }')"
  fi
  printf ' %9s %9s %s\n' "$ogr" "$(awk -v a="$fw" -v b="$ogr" 'BEGIN { if (b == "nan" || b == 0) print "-"; else printf "%.1f", a / b }')" \
    "$(awk -v a="$fw" 'BEGIN { print (a <= 1.0 ? "met" : "not met") }')"
done
rm -rf "$t"
