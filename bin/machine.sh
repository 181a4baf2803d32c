# Sourced by bin/*: installs what a fresh Debian machine lacks for GeoSync (Xvfb, GTK 3, imagemagick for
# screenshots, unzip for the Maven wrapper) and selects a JDK >= 21. Prints what it does.
geosync_root=$(CDPATH= cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)

geosync_install_debian_packages() {
  local missing=()
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
  dpkg -s libgtk-3-0 >/dev/null 2>&1 || dpkg -s libgtk-3-0t64 >/dev/null 2>&1 || missing+=(libgtk-3-0)
  # Debian's imagemagick provides 'import' for screenshots of the Xvfb display
  dpkg -s imagemagick >/dev/null 2>&1 || missing+=(imagemagick)
  # GDAL (ogrinfo, ogr2ogr; validate_gpkg.py comes with its dependency python3-gdal): the GeoPackage
  # tests check that GDAL reads what GeoSync writes and vice versa
  command -v ogrinfo >/dev/null 2>&1 || missing+=(gdal-bin)
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
