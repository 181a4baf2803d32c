# Sourced by mvnw and bin/*: selects a JDK >= 21 without a person doing it by hand.
# JAVA_HOME wins when it is new enough; otherwise the newest JDK >= 21 under /usr/lib/jvm.
geosync_java_major() {
  # the JDK's release file names its version (JAVA_VERSION="25.0.3"); starting a JVM to ask costs a third of a second
  # read with the shell's own builtins: bin/geosync asks this of every installed JDK at every command
  local v= line
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"*) v=${line#JAVA_VERSION=\"}; v=${v#1.}; v=${v%%[!0-9]*}; break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1)
  fi
  echo "$v"
}
geosync_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(geosync_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
  fi
  best= bestv=0
  # callers may run with "set -f" (mvnw does): globbing is needed here
  case $- in *f*) set +f; geosync_noglob=1 ;; *) geosync_noglob= ;; esac
  for d in /usr/lib/jvm/*/ /opt/java/*/ /usr/local/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    v=$(geosync_java_major "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ]; then best=$d bestv=$v; fi
  done
  [ -z "$geosync_noglob" ] || set -f
  if [ -z "$best" ]; then
    echo "GeoSync needs a JDK 21 or newer and found none (JAVA_HOME=${JAVA_HOME-unset}, nothing suitable under /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install -y openjdk-21-jdk' (or Temurin 21/25), or point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
geosync_find_jdk || exit 1
