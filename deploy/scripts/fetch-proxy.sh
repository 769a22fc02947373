#!/usr/bin/env bash
# Puts a runnable haproxy or nginx under a cache directory without root and prints its path, so
# tests and operators trying Chorus out can run the shipped proxy configurations on a machine
# that has neither installed. Takes the Debian package with `apt-get download`, unpacks it with
# dpkg-deb, then asks ldd which shared libraries the unpacked binary cannot find and fetches only
# the library packages that provide those (haproxy needs liblua and the opentracing wrapper,
# which a plain Debian machine lacks). A wrapper script points the binary at the unpacked
# libraries. Uses the proxy already on PATH if there is one.
# Usage: deploy/scripts/fetch-proxy.sh haproxy|nginx [cache-dir]
#        (default ${XDG_CACHE_HOME:-$HOME/.cache}/chorus/NAME)
# CHORUS_FETCH_PROXY=1 skips a proxy on PATH (to test the download path).
set -euo pipefail

NAME="${1:-}"
case "$NAME" in
  haproxy) PACKAGES=(haproxy) ;;
  # Debian 12 ships the binary in `nginx`; older releases put it in nginx-light/nginx-core,
  # which are transitional packages in 12. The first one with a candidate and a binary wins.
  nginx) PACKAGES=(nginx nginx-light nginx-core) ;;
  *)
    echo "usage: fetch-proxy.sh haproxy|nginx [cache-dir]" >&2
    exit 2
    ;;
esac
CACHE="${2:-${XDG_CACHE_HOME:-$HOME/.cache}/chorus/$NAME}"
WRAPPER="$CACHE/$NAME"

runs() { "$1" -v > /dev/null 2>&1; }

if [[ -z "${CHORUS_FETCH_PROXY:-}" ]] && command -v "$NAME" > /dev/null 2>&1 && runs "$(command -v "$NAME")"; then
  command -v "$NAME"
  exit 0
fi
if [[ -x "$WRAPPER" ]] && runs "$WRAPPER"; then
  echo "$WRAPPER"
  exit 0
fi

candidate() {
  local version
  version="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')"
  [[ -n "$version" && "$version" != "(none)" ]]
}

installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" == ii* ]]
}

any_candidate() {
  local p
  for p in "${PACKAGES[@]}"; do
    candidate "$p" && return 0
  done
  return 1
}

if ! any_candidate; then
  # CI runs as root on a fresh machine whose package lists were never fetched.
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update > /dev/null
  fi
  if ! any_candidate; then
    echo "fetch-proxy: apt-cache knows no ${PACKAGES[*]} package (run 'apt-get update' once)" >&2
    exit 1
  fi
fi

rm -rf "$CACHE/debs" "$CACHE/root"
mkdir -p "$CACHE/debs" "$CACHE/root"
LOG="$CACHE/fetch.log"
: > "$LOG"

# Downloads and unpacks one package; answers non-zero if apt could not fetch it.
fetch() {
  local before after
  before="$(ls "$CACHE/debs")"
  if ! (cd "$CACHE/debs" && apt-get download "$1" >> "$LOG" 2>&1); then
    return 1
  fi
  after="$(comm -13 <(echo "$before") <(ls "$CACHE/debs"))"
  for deb in $after; do
    dpkg-deb -x "$CACHE/debs/$deb" "$CACHE/root"
  done
  FETCHED+=("$1")
}

FETCHED=()
bin=""
for p in "${PACKAGES[@]}"; do
  candidate "$p" || continue
  fetch "$p" || continue
  bin="$(find "$CACHE/root" -type f -name "$NAME" -path '*/sbin/*' | head -1)"
  [[ -n "$bin" ]] && break
done
if [[ -z "$bin" ]]; then
  echo "fetch-proxy: none of ${PACKAGES[*]} unpacked a $NAME binary (see $LOG)" >&2
  exit 1
fi

lib_path() {
  find "$CACHE/root" -name '*.so*' -printf '%h\n' 2>/dev/null | sort -u | paste -sd: -
}

missing_sonames() {
  LD_LIBRARY_PATH="$(lib_path)" ldd "$bin" | awk '/not found/ {print $1}'
}

# The library packages the fetched packages depend on that this machine does not have.
uninstalled_deps() {
  local p
  for p in "${FETCHED[@]}"; do
    apt-cache depends "$p" 2>/dev/null | awk '/Depends:/ {print $2}' | grep -E '^(lib|zlib)' || true
  done | sort -u | while read -r dep; do
    if ! installed "$dep" && [[ ! " ${FETCHED[*]} " == *" $dep "* ]]; then
      echo "$dep"
    fi
  done
}

# Debian names a library package after its soname: libfoo.so.3 -> libfoo3, liblua5.3.so.0 ->
# liblua5.3-0 (a dash when the name ends in a digit).
package_for_soname() {
  local stem="${1%%.so.*}" major="${1##*.so.}"
  major="${major%%.*}"
  if [[ "$stem" =~ [0-9]$ ]]; then
    echo "$stem-$major"
  else
    echo "$stem$major"
  fi
}

# ldd lists missing libraries transitively, so a library fetched in one round may name the next.
for _ in 1 2 3 4 5; do
  mapfile -t missing < <(missing_sonames)
  [[ ${#missing[@]} -eq 0 ]] && break
  mapfile -t deps < <(uninstalled_deps)
  wanted=()
  for soname in "${missing[@]}"; do
    guess="$(package_for_soname "$soname")"
    if [[ " ${deps[*]} " == *" $guess "* ]] || candidate "$guess"; then
      wanted+=("$guess")
    fi
  done
  # A library whose package is not named after its soname: take every missing dependency.
  [[ ${#wanted[@]} -eq 0 ]] && wanted=("${deps[@]}")
  if [[ ${#wanted[@]} -eq 0 ]]; then
    break
  fi
  for p in $(printf '%s\n' "${wanted[@]}" | sort -u); do
    [[ " ${FETCHED[*]} " == *" $p "* ]] && continue
    fetch "$p" || echo "fetch-proxy: could not download $p (see $LOG)" >&2
  done
done
mapfile -t missing < <(missing_sonames)
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "fetch-proxy: $bin still lacks ${missing[*]} (fetched ${FETCHED[*]}; see $LOG)" >&2
  exit 1
fi

libs="$(lib_path)"
{
  echo '#!/usr/bin/env bash'
  echo "# Made by deploy/scripts/fetch-proxy.sh from ${FETCHED[*]}."
  if [[ -n "$libs" ]]; then
    echo "export LD_LIBRARY_PATH=\"$libs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\""
  fi
  echo "exec \"$bin\" \"\$@\""
} > "$WRAPPER"
chmod +x "$WRAPPER"
if ! runs "$WRAPPER"; then
  echo "fetch-proxy: $WRAPPER does not run:" >&2
  "$WRAPPER" -v >&2 || true
  exit 1
fi
echo "$WRAPPER"
