# Sourced by bin/geosync: the command line's fast start (docs/benchmarks.md, "Start-up"). Kept in a cache directory
# of the user's, never in the product (which may be read-only):
#  - an OSGi configuration of the CLI's own: the same product and plugins, but only the bundles listed in
#    releng/org.geosync.product/cli.bundles (no workbench bundles resolved, Declarative Services and SPI Fly not
#    started), with its framework state kept from one run to the next;
#  - unsigned copies of the Equinox launcher and framework jars (boot/): the same classes without the signature
#    files, so that the JDK neither verifies the jars at every start nor leaves their classes out of its class cache;
#  - a Derby system directory (derby/) whose derby.properties starts Derby without its JMX management service (which
#    would start the JVM's platform MBean server at every boot); derby.log stays in the working directory;
#  - an ahead-of-time class cache of the JDK (-XX:AOTCache, JEP 483/514/515) for that configuration, made once in the
#    background after the first run by a training run on a throwaway sample geodatabase; commands run without it
#    until it is there.
# The cache directory is named after a digest of everything these depend on (the product's plugins with their sizes
# and times, its configuration, the bundle list, the JDK, GEOSYNC_JAVA_OPTS): a rebuilt product, another JDK or other
# JVM options get a new directory, so a stale configuration, jar copy or class cache is never used; the JDK checks its
# class cache again at every start and runs without it when it does not fit. When the cache directory cannot be
# written, or GEOSYNC_FAST_START=0, the CLI starts with the product's full configuration, as the workbench does.
geosync_cache_dir="${GEOSYNC_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/geosync}/cli"
geosync_cli_bundles="$geosync_root/releng/org.geosync.product/cli.bundles"

# Sets geosync_cli_jar (the launcher jar to run), geosync_cli_jvm (JVM options) and geosync_cli_args (launcher options)
# for starting the CLI of $geosync_product, and geosync_cli_dir (its cache directory; empty when the CLI starts with
# the product's full configuration).
geosync_cli_prepare() {
  geosync_cli_jar=$(geosync_launcher) geosync_cli_jvm=() geosync_cli_args=() geosync_cli_dir=
  [ "${GEOSYNC_FAST_START:-1}" != 0 ] || return 0
  local bi="$geosync_product/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
  [ -f "$bi" ] && [ -f "$geosync_cli_bundles" ] || return 0
  geosync_product=$(cd -- "$geosync_product" && pwd)   # the configuration names the product's files by absolute URLs
  local key dir
  key=$({ echo "cli-start 3 $geosync_product $JAVA_HOME ${GEOSYNC_JAVA_OPTS:-}"; cat "$JAVA_HOME/release" "$geosync_cli_bundles" \
          "$geosync_product/configuration/config.ini" "$bi"; ls -l --time-style=+%s "$geosync_product/plugins"; } 2>/dev/null \
        | sha1sum | cut -c1-16)
  dir="$geosync_cache_dir/$key"
  [ -f "$dir/configuration/config.ini" ] || geosync_cli_configure "$bi" "$dir" 2>/dev/null || return 0
  [ -w "$dir/configuration" ] || return 0
  geosync_cli_dir=$dir
  geosync_cli_args=(-configuration "$dir/configuration")
  if [ -f "$dir/boot/launcher.jar" ]; then
    # the launcher takes the product's directory from where its jar lies, unless told
    geosync_cli_jar="$dir/boot/launcher.jar" geosync_cli_args+=(-install "$geosync_product/")
  fi
  # the JIT compilers start later: a command of a second or two spent as much CPU compiling (C1 and C2, in threads of
  # their own on a machine of two CPUs) as running; a long command reaches the same compiled code a little later
  case " ${GEOSYNC_JAVA_OPTS:-} " in *CompileThresholdScaling*) ;; *) geosync_cli_jvm+=(-XX:CompileThresholdScaling=10) ;; esac
  case " ${GEOSYNC_JAVA_OPTS:-} " in
    *derby.system.home*|*derby.stream.error*) ;;
    *) [ -f "$dir/derby/derby.properties" ] \
         && geosync_cli_jvm+=(-Dderby.system.home="$dir/derby" -Dderby.stream.error.file="$PWD/derby.log") ;;
  esac
  if [ -f "$dir/cli.aot" ]; then
    # -Xlog: the JDK would report a class cache it cannot use on stdout; it then runs without it
    geosync_cli_jvm+=(-XX:AOTCache="$dir/cli.aot" -Xlog:aot=off -Xlog:cds=off)
  elif [ "${GEOSYNC_CLASS_CACHE:-1}" != 0 ] && mkdir "$dir/training" 2>/dev/null; then
    geosync_cli_train "$dir" </dev/null >"$dir/training/log" 2>&1 &
  fi
}

# Writes the CLI's configuration for the product into $2 (from its bundles.info $1), atomically.
geosync_cli_configure() {
  local bi=$1 dir=$2 tmp
  mkdir -p "$geosync_cache_dir" && tmp=$(mktemp -d "$geosync_cache_dir/.new.XXXXXX") || return 1
  mkdir -p "$tmp/configuration/org.eclipse.equinox.simpleconfigurator"
  # one line per bundle of the list (BSN, or "BSN installed" for a bundle resolved but not started)
  awk -F, 'NR == FNR { if ($0 !~ /^#/ && NF) { split($0, w, " "); want[w[1]] = w[2] } next }
           /^#/ { print; next }
           ($1 in want) { if (want[$1] == "installed") $5 = "false"; print }' OFS=, \
      "$geosync_cli_bundles" "$bi" > "$tmp/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"
  local esc_product esc_dir framework configurator
  esc_product=$(printf '%s' "$geosync_product" | sed 's/[\\:=]/\\&/g')
  esc_dir=$(printf '%s' "$dir" | sed 's/[\\:=]/\\&/g')
  framework=$(sed -n 's/^osgi.framework=file\\:plugins\///p' "$geosync_product/configuration/config.ini")
  configurator=$(cd "$geosync_product/plugins" && ls -d org.eclipse.equinox.simpleconfigurator_*.jar | head -n 1)
  [ -n "$framework" ] && [ -n "$configurator" ] || { rm -rf "$tmp"; return 1; }
  # the launcher and the framework unsigned (when zip is there to make the copies; else the product's own jars)
  local framework_url="$esc_product/plugins/$framework"
  mkdir -p "$tmp/boot" \
    && geosync_cli_unsign "$geosync_product/plugins/$framework" "$tmp/boot/$framework" \
    && geosync_cli_unsign "$(geosync_launcher)" "$tmp/boot/launcher.jar" \
    && framework_url="$esc_dir/boot/$framework" \
    || rm -rf "$tmp/boot"
  # Derby's system directory: its properties name the management service that starts nothing (Derby otherwise
  # starts the JVM's platform MBean server, with all its MXBeans, when it boots)
  mkdir -p "$tmp/derby" && printf '%s\n' "# Derby system properties of the GeoSync command line (bin/cli-start.sh)" \
    "derby.module.mgmt.jmx=org.apache.derby.impl.services.jmxnone.NoManagementService" > "$tmp/derby/derby.properties"
  cat > "$tmp/configuration/config.ini" <<EOF
# The GeoSync command line's OSGi configuration, written by bin/cli-start.sh for the product in
# $geosync_product
eclipse.application=org.geosync.cli.geosync
osgi.framework=file\:$framework_url
osgi.bundles=reference\:file\:$esc_product/plugins/$configurator@1\:start
osgi.bundles.defaultStartLevel=4
osgi.framework.extensions=
org.eclipse.equinox.simpleconfigurator.configUrl=file\:$esc_dir/configuration/org.eclipse.equinox.simpleconfigurator/bundles.info
EOF
  echo "$geosync_product" > "$tmp/product"
  # a configuration made for an earlier build of the same product is of no further use
  local old
  for old in "$geosync_cache_dir"/*/product; do
    [ -f "$old" ] && [ "$(cat "$old")" = "$geosync_product" ] && rm -rf "$(dirname -- "$old")"
  done
  mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"   # another run made it meanwhile: theirs is the same
  [ -f "$dir/configuration/config.ini" ]
}

# Writes a copy of the jar $1 without its signature to $2: the signature files go, and the manifest keeps its main
# section only (the per-entry digests are what a signature signs).
geosync_cli_unsign() {
  command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 || return 1
  local t
  t=$(mktemp -d) || return 1
  cp "$1" "$t/copy.jar" && mkdir "$t/META-INF" \
    && unzip -p "$t/copy.jar" META-INF/MANIFEST.MF | tr -d '\r' | awk '/^$/ { main = 1 } !main { print } END { print "" }' > "$t/META-INF/MANIFEST.MF" \
    && grep -q '^Manifest-Version:' "$t/META-INF/MANIFEST.MF" \
    && (cd "$t" && zip -q -d copy.jar 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'META-INF/*.EC' META-INF/MANIFEST.MF \
          && zip -q -X copy.jar META-INF/MANIFEST.MF) \
    && ! unzip -Z1 "$t/copy.jar" | grep -q '^META-INF/[^/]*\.\(SF\|RSA\|DSA\|EC\)$' \
    && mv "$t/copy.jar" "$2"
  local code=$?
  rm -rf "$t"
  return $code
}

# The training run (in the background, at low priority): a small sample geodatabase, then one JVM running the common
# commands on it records which classes they load, and the JDK writes the class cache from that record. The cache is
# checked with -XX:AOTMode=on (the JDK refuses to start with a cache it cannot use) before it is put in place.
geosync_cli_train() {
  local dir=$1 work java=("$JAVA_HOME/bin/java" ${GEOSYNC_JAVA_OPTS:-})
  mkdir -p "$dir/training" && work=$(mktemp -d) || return 1
  # as the commands will start, without the class cache
  local geosync_cli_jar geosync_cli_jvm geosync_cli_args geosync_cli_dir
  GEOSYNC_CLASS_CACHE=0 geosync_cli_prepare
  [ "$geosync_cli_dir" = "$dir" ] || { rm -rf "$work"; echo "training: $dir is not the CLI's cache directory" >> "$dir/training/log"; return 1; }
  local o
  for o in "${geosync_cli_jvm[@]}"; do   # the training's derby.log in its own directory
    case $o in -Dderby.stream.error.file=*) java+=(-Dderby.stream.error.file="$work/derby.log") ;; *) java+=("$o") ;; esac
  done
  local run=(-jar "$geosync_cli_jar" -nosplash "${geosync_cli_args[@]}" -data @none -application org.geosync.cli.geosync)
  local t=$'\t' q="SELECT PARCEL_NO, ADDRESS FROM PARCELS ORDER BY PARCEL_NO FETCH FIRST 1 ROWS ONLY"
  printf '%s\n' "gdb${t}info${t}$work/city" "gdb${t}info${t}$work/city${t}--json" "sql${t}$work/city${t}$q" \
      "replica${t}list${t}$work/city" "replica${t}list${t}$work/city${t}--json" "--help" > "$work/commands"
  nice -n 10 "${java[@]}" "${run[@]}" gdb create "$work/city" --sample --features 20 \
    && nice -n 10 "${java[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$work/cli.aotconf" -Dgeosync.cli.training="$work/commands" "${run[@]}" \
    && nice -n 10 "${java[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$work/cli.aotconf" -XX:AOTCache="$dir/training/cli.aot" "${run[@]}" \
    && "${java[@]}" -XX:AOTMode=on -XX:AOTCache="$dir/training/cli.aot" "${run[@]}" --help >/dev/null \
    && mv -f "$dir/training/cli.aot" "$dir/cli.aot"
  local code=$?
  rm -rf "$work"
  [ $code -eq 0 ] || echo "training failed ($code); the CLI runs without a class cache" >> "$dir/training/log"
  return $code
}
