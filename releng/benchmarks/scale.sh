#!/usr/bin/env bash
# The scale curve of the standard benchmark: releng/benchmarks/scale.sh [FEATURES...]
#   default sizes 100000 1000000 5000000 (each with a tenth as many edits); runs releng/benchmarks/run.sh at each
#   size, one after the other, keeps each run's output in BENCH_OUT (default: a folder under /tmp, named at the end),
#   and prints one table: each step's seconds and rate at every size, the baseline's rate beside it, and how the
#   step's time grew from the smallest size to each larger one against how the data grew. A step whose cost follows
#   the data grows as the data does; the message export follows the changes (1% of the rows here, so 10x the
#   data is 10x the changes), and its rate stays level while sqldiff's, which reads both whole files, falls.
# BENCH_DIR, BENCH_HEAP and GEOSYNC_JAVA_OPTS are passed on to run.sh; SCALE_REPORT_ONLY=1 with BENCH_OUT prints the table
# again from the runs kept there. The 5,000,000 run needs about 7 GB of disk (6.5 GB measured)
# under BENCH_DIR for the parent, the replica and the GeoPackage exports.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 5000000)
for s in "${sizes[@]}"; do
  [[ ${s//[_,]/} =~ ^[0-9]+$ ]] || { echo "usage: releng/benchmarks/scale.sh [FEATURES...]   (whole numbers)" >&2; exit 2; }
done
out=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/geosync-scale.XXXXXX")}
mkdir -p "$out"

for s in "${sizes[@]}"; do
  s=${s//[_,]/}
  [ -z "${SCALE_REPORT_ONLY:-}" ] || continue   # print the table again from the runs kept in BENCH_OUT
  echo "== $s features" >&2
  bash "$root/releng/benchmarks/run.sh" "$s" > "$out/run-$s.txt" || { cat "$out/run-$s.txt"; echo "run.sh $s failed" >&2; exit 1; }
  tail -n 1 "$out/run-$s.txt" > "$out/run-$s.json"
done

# each step of a run's JSON line as: step<TAB>items<TAB>millis<TAB>baselinePerSecond
steps() {
  grep -oE '\{"step":"[^"]*","unit":"[^"]*","items":[0-9]+,"millis":[0-9]+,"perSecond":[0-9]+,"baseline":("[^"]*"|null),"baselinePerSecond":[0-9]+' "$1" \
    | sed -E 's/\{"step":"([^"]*)","unit":"[^"]*","items":([0-9]+),"millis":([0-9]+),"perSecond":[0-9]+,"baseline":("[^"]*"|null),"baselinePerSecond":([0-9]+)/\1\t\2\t\3\t\5/'
}

first=${sizes[0]//[_,]/}
echo "GeoSync scale curve: the standard benchmark at ${sizes[*]} features (a tenth as many edits), -Xmx${BENCH_HEAP:-256m}"
printf '%-42s' "step"
for s in "${sizes[@]}"; do printf ' %26s' "${s//[_,]/} features"; done
printf '   %s\n' "time grew (data grew)"
steps "$out/run-$first.json" | cut -f1 | while IFS= read -r step; do
  printf '%-42s' "$step"
  base_ms=
  grew=()
  for s in "${sizes[@]}"; do
    s=${s//[_,]/}
    line=$(steps "$out/run-$s.json" | awk -F'\t' -v st="$step" '$1 == st')
    items=$(cut -f2 <<<"$line"); ms=$(cut -f3 <<<"$line"); bps=$(cut -f4 <<<"$line")
    if [ -z "$line" ] || [ "$ms" -eq 0 ]; then printf ' %26s' "-"; continue; fi
    rate=$((items * 1000 / ms))
    if [ "${bps:-0}" -gt 0 ]; then cell=$(printf '%.1fs %d/s (base %d/s)' "$(awk "BEGIN {print $ms / 1000}")" "$rate" "$bps")
    else cell=$(printf '%.1fs %d/s' "$(awk "BEGIN {print $ms / 1000}")" "$rate"); fi
    printf ' %26s' "$cell"
    if [ -z "$base_ms" ]; then base_ms=$ms; else grew+=("$(awk "BEGIN {printf \"%.1fx (%.0fx)\", $ms / $base_ms, $s / $first}")"); fi
  done
  printf '   %s\n' "${grew[*]:--}"
done
echo "each run's full output: $out"
