#!/usr/bin/env bash
# Installs one Chorus node on a systemd host: the chorus user, its directories, the fat jar,
# the systemd unit and the kernel and process limits. Safe to run again: a file whose content
# is already in place is left alone, and only what changed is reloaded. An existing
# /etc/chorus/config.json is never touched.
#
#   deploy/install.sh [--dry-run] [--jar PATH] [--root DIR] [--enable]
#
#   --dry-run  print what would change, change nothing
#   --jar      the node's fat jar (default: node/target/chorus-node-*-all.jar of this checkout)
#   --root     install under DIR instead of / (for images and tests): files and directories
#              only; no user is created, nothing is reloaded or started
#   --enable   also enable and (re)start the service
set -euo pipefail

DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$DEPLOY/.." && pwd)"
DRY_RUN=0
ENABLE=0
ROOT=""
JAR=""

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --enable) ENABLE=1 ;;
    --root) ROOT="${2:?--root needs a directory}"; shift ;;
    --jar) JAR="${2:?--jar needs a path}"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$JAR" ]; then
  JAR="$(ls "$REPO"/node/target/chorus-node-*-all.jar 2>/dev/null | head -n 1 || true)"
fi
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  echo "install.sh: no node jar; build it with 'mvn -B -pl node -am package -DskipTests' or pass --jar PATH" >&2
  exit 2
fi
if [ -z "$ROOT" ] && [ "$DRY_RUN" = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "install.sh: run as root (or use --dry-run, or --root DIR)" >&2
  exit 2
fi

CHANGED=0
UNIT_CHANGED=0
SYSCTL_CHANGED=0

say() {
  if [ "$DRY_RUN" = 1 ]; then echo "would $*"; else echo "$*"; fi
}

ensure_user() {
  if [ -n "$ROOT" ]; then
    return
  fi
  if ! id chorus >/dev/null 2>&1; then
    say "create system user chorus (home /var/lib/chorus, no login shell)"
    CHANGED=1
    [ "$DRY_RUN" = 1 ] || useradd --system --home-dir /var/lib/chorus --no-create-home --shell /usr/sbin/nologin chorus
  fi
}

# ensure_dir PATH MODE OWNER: creates the directory, or corrects its mode and owner.
ensure_dir() {
  local path="$ROOT$1" mode="$2" owner="$3"
  if [ ! -d "$path" ]; then
    say "create directory $1 ($mode $owner)"
    CHANGED=1
    [ "$DRY_RUN" = 1 ] && return
    mkdir -p "$(dirname "$path")"
    mkdir -m "$mode" "$path"
  fi
  if [ "$(stat -c %a "$path")" != "$mode" ]; then
    say "set mode $mode on $1"
    CHANGED=1
    [ "$DRY_RUN" = 1 ] || chmod "$mode" "$path"
  fi
  if [ -z "$ROOT" ] && [ "$(stat -c %U:%G "$path")" != "$owner" ]; then
    say "set owner $owner on $1"
    CHANGED=1
    [ "$DRY_RUN" = 1 ] || chown "$owner" "$path"
  fi
}

# ensure_file SOURCE TARGET MODE: copies SOURCE over TARGET when their contents differ.
# Succeeds when it changed (or would change) the file.
ensure_file() {
  local source="$1" target="$ROOT$2" mode="$3"
  if [ -f "$target" ] && cmp -s "$source" "$target"; then
    return 1
  fi
  say "install $2 (from ${source#"$REPO"/})"
  CHANGED=1
  if [ "$DRY_RUN" = 0 ]; then
    mkdir -p "$(dirname "$target")"
    # Copy then rename, so a running node never sees half a jar.
    cp "$source" "$target.new"
    chmod "$mode" "$target.new"
    mv -f "$target.new" "$target"
  fi
  return 0
}

ensure_user
ensure_dir /opt/chorus 755 root:root
ensure_dir /etc/chorus 750 root:chorus
ensure_dir /var/lib/chorus 750 chorus:chorus
ensure_file "$JAR" /opt/chorus/chorus-node.jar 644 || true
ensure_file "$REPO/README.md" /opt/chorus/README.md 644 || true
if ensure_file "$DEPLOY/systemd/chorus.service" /etc/systemd/system/chorus.service 644; then UNIT_CHANGED=1; fi
if ensure_file "$DEPLOY/sysctl.d/60-chorus.conf" /etc/sysctl.d/60-chorus.conf 644; then SYSCTL_CHANGED=1; fi
ensure_file "$DEPLOY/limits.d/60-chorus.conf" /etc/security/limits.d/60-chorus.conf 644 || true

if [ ! -f "$ROOT/etc/chorus/config.json" ]; then
  echo "note: /etc/chorus/config.json does not exist; write it (README: Configuration, Running a cluster) before starting"
fi

if [ -z "$ROOT" ]; then
  if [ "$SYSCTL_CHANGED" = 1 ]; then
    say "apply kernel settings (sysctl --system)"
    [ "$DRY_RUN" = 1 ] || sysctl --system >/dev/null
  fi
  if [ "$UNIT_CHANGED" = 1 ]; then
    say "reload systemd units (systemctl daemon-reload)"
    [ "$DRY_RUN" = 1 ] || systemctl daemon-reload
  fi
  if [ "$ENABLE" = 1 ]; then
    say "enable and restart chorus.service"
    [ "$DRY_RUN" = 1 ] || { systemctl enable chorus.service && systemctl restart chorus.service; }
  fi
fi

if [ "$CHANGED" = 0 ]; then
  echo "nothing to change"
fi
