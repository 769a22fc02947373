#!/usr/bin/env bash
# Puts a runnable pgbench under a cache directory without root and prints its path. The
# embedded PostgreSQL binaries do not include pgbench, so this takes the Debian server package
# (and libpq) with `apt-get download` and unpacks them with dpkg-deb; a wrapper script points
# the binary at the unpacked libpq. Uses a pgbench already on PATH if there is one.
# Usage: loadtest/scripts/fetch-pgbench.sh [cache-dir]   (default ~/.cache/chorus/pgbench)
# CHORUS_FETCH_PGBENCH=1 skips a pgbench on PATH (to test the download path).
set -euo pipefail
CACHE="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/chorus/pgbench}"
WRAPPER="$CACHE/pgbench"

if [[ -z "${CHORUS_FETCH_PGBENCH:-}" ]] && command -v pgbench > /dev/null 2>&1 && pgbench --version > /dev/null 2>&1; then
  command -v pgbench
  exit 0
fi
if [[ -x "$WRAPPER" ]] && "$WRAPPER" --version > /dev/null 2>&1; then
  echo "$WRAPPER"
  exit 0
fi

mkdir -p "$CACHE/debs" "$CACHE/root"
# The newest postgresql-NN server package this machine's apt sources offer.
pkg="$(apt-cache search --names-only '^postgresql-[0-9]+$' 2>/dev/null | awk '{print $1}' | sort -t- -k2 -n | tail -1)"
if [[ -z "$pkg" ]]; then
  echo "fetch-pgbench: apt-cache knows no postgresql-NN package (run 'apt-get update' once)" >&2
  exit 1
fi
(cd "$CACHE/debs" && apt-get download "$pkg" libpq5 > /dev/null)
for deb in "$CACHE"/debs/*.deb; do
  dpkg-deb -x "$deb" "$CACHE/root"
done
bin="$(find "$CACHE/root" -type f -name pgbench -path '*/bin/*' | head -1)"
lib="$(dirname "$(find "$CACHE/root" -name 'libpq.so.5*' | head -1)")"
if [[ -z "$bin" ]]; then
  echo "fetch-pgbench: $pkg has no pgbench" >&2
  exit 1
fi
cat > "$WRAPPER" <<WRAP
#!/usr/bin/env bash
export LD_LIBRARY_PATH="$lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
exec "$bin" "\$@"
WRAP
chmod +x "$WRAPPER"
"$WRAPPER" --version > /dev/null
echo "$WRAPPER"
