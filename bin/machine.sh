# Sourced by bin/*: installs what a fresh Debian machine lacks for GeoSync (Xvfb, GTK 3, imagemagick for
# screenshots, unzip for the Maven wrapper, zip for the CLI's fast start, gdal-bin, PostgreSQL 15 with PostGIS 3) and selects a JDK >= 21. Prints what it does.
# Run as 'bash bin/machine.sh' it also fetches the real test data (geosync_fetch_test_data, which bin/test runs).
geosync_root=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

geosync_install_debian_packages() {
  local missing=()
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  # zip: bin/cli-start.sh makes unsigned copies of the launcher and framework jars with it (without, the CLI starts slower)
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
  # one dpkg-query for the packages checked by name (bin/geosync runs this at every command)
  local installed
  installed=" $(dpkg-query -W -f='${Package}=${db:Status-Status} ' libgtk-3-0 libgtk-3-0t64 imagemagick postgresql-15 \
    postgresql-15-postgis-3 2>/dev/null) "
  case $installed in *" libgtk-3-0=installed "*|*" libgtk-3-0t64=installed "*) ;; *) missing+=(libgtk-3-0) ;; esac
  # Debian's imagemagick provides 'import' for screenshots of the Xvfb display
  case $installed in *" imagemagick=installed "*) ;; *) missing+=(imagemagick) ;; esac
  # GDAL (ogrinfo, ogr2ogr; validate_gpkg.py comes with its dependency python3-gdal): the GeoPackage
  # tests check that GDAL reads what GeoSync writes and vice versa
  command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
  # PostgreSQL with PostGIS: the engine tests start a throwaway cluster of their own under target/ (initdb, pg_ctl) and
  # stop it at the end; nothing runs as a service
  case $installed in *" postgresql-15=installed "*) ;; *) missing+=(postgresql-15) ;; esac
  case $installed in *" postgresql-15-postgis-3=installed "*) ;; *) missing+=(postgresql-15-postgis-3) ;; esac
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "GeoSync set-up: installing from Debian: ${missing[*]}" >&2
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=sudo; else
      echo "Please install these Debian packages as root first: apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

geosync_install_debian_packages || exit 1

# The newest installed PostgreSQL's programs (initdb, pg_ctl, psql), which Debian keeps out of PATH.
geosync_pg_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Real data for the engine tests (RealDataTest): the GeoPackages and shapefiles that Debian's r-cran-sf
# ships, published data sets written by GDAL (North Carolina counties nc.gpkg, Olinda census tracts
# olinda1.shp, ...). Only the .deb is fetched (apt-get download, no R is installed) and only its data
# files are extracted, into $geosync_testdata (default ~/.cache/geosync/testdata; the root pom passes the
# same default to the tests as -Dgeosync.testdata); olinda1.shp is converted to a GeoPackage with ogr2ogr.
# Idempotent: does nothing when the files are there. bin/test calls it; the product never downloads anything.
geosync_testdata="${GEOSYNC_TESTDATA:-$HOME/.cache/geosync/testdata}"
geosync_fetch_test_data() {
  local dir="$geosync_testdata" sf=usr/lib/R/site-library/sf
  [ -f "$dir/sf/gpkg/nc.gpkg" ] && [ -f "$dir/olinda1.gpkg" ] && return 0
  echo "GeoSync set-up: fetching the real test data (Debian package r-cran-sf) into $dir" >&2
  local work
  work=$(mktemp -d) || return 1
  # apt-get download needs the package lists; a fresh machine may not have them yet
  if ! (cd "$work" && apt-get download -qq r-cran-sf >&2 2>/dev/null); then
    local sudo=
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo=sudo
    $sudo apt-get update -qq >&2 && (cd "$work" && apt-get download -qq r-cran-sf >&2) || {
      echo "Could not download the Debian package r-cran-sf (apt-get download r-cran-sf)." >&2
      rm -rf "$work"; return 1
    }
  fi
  local deb
  deb=$(ls "$work"/r-cran-sf_*.deb) && mkdir -p "$work/x" \
    && dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/x" "./$sf/gpkg" "./$sf/shape/olinda1.shp" \
         "./$sf/shape/olinda1.shx" "./$sf/shape/olinda1.dbf" "./$sf/shape/olinda1.prj" \
    && mkdir -p "$work/out/sf" && cp -r "$work/x/$sf/gpkg" "$work/x/$sf/shape" "$work/out/sf/" \
    && basename "$deb" .deb > "$work/out/PACKAGE" \
    && ogr2ogr -q -f GPKG -a_srs EPSG:4674 "$work/out/olinda1.gpkg" "$work/out/sf/shape/olinda1.shp" \
    || { echo "Could not extract the test data from $deb" >&2; rm -rf "$work"; return 1; }
  # olinda1.prj names GRS 1980 but no datum or EPSG code: the IBGE census tracts are in SIRGAS 2000
  # (EPSG:4674), assigned above without moving a coordinate
  mkdir -p "$dir" && cp -r "$work/out/." "$dir/" && rm -rf "$work" || return 1
  echo "GeoSync set-up: test data from $(cat "$dir/PACKAGE") in $dir" >&2
}
. "$geosync_root/.mvn/jdk.sh"

# The materialized product (workbench + CLI), built on first use.
geosync_product="$geosync_root/releng/org.geosync.product/target/products/org.geosync.product/linux/gtk/x86_64"

geosync_launcher() {
  local f
  for f in "$geosync_product"/plugins/org.eclipse.equinox.launcher_*.jar; do
    [ -f "$f" ] && { echo "$f"; return 0; }
  done
  return 0
}

geosync_ensure_product() {
  [ -n "$(geosync_launcher)" ] && return 0
  echo "GeoSync is not built yet: building the product with Maven first (a few minutes on a fresh machine)..." >&2
  (cd "$geosync_root" && ./mvnw -DskipTests package) >&2 || {
    echo "The build failed; see the Maven output above." >&2
    exit 1
  }
}

# Run directly (bash bin/machine.sh) rather than sourced: set the machine up for the tests, test data included.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  geosync_fetch_test_data || exit 1
fi
