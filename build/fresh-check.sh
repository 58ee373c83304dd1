#!/usr/bin/env bash
# Proves the README's two commands on a pristine machine of this kind, not only on this one: builds
# a Debian 12 root that looks like a new machine (debootstrap minbase + the apt packages the machine
# image lists + the image's Node 20/npm and .NET SDK, bound read-only), clones the committed HEAD
# into it, and runs `bash build/demo.sh` and then `bash build/test.sh` there with chroot, printing
# each command's exit code and time. Not part of CI (it takes 20 minutes and more); run it before
# resolving an issue that changes setup, and quote its output.
#
#   build/fresh-check.sh [--rebuild-root] [--only demo|test|setup] [--keep]
#
#   --rebuild-root  prepare the root again instead of unpacking the cached .run/fresh/root.tar
#   --only NAME     run one of the two commands (demo, test), or only `build/setup.sh --all` (setup)
#   --keep          leave the unpacked root (.run/fresh/root) for a look afterwards
#
# Needs root. The machine image's package list is read from S365_IMAGE_PACKAGES (default: the tool
# library's env/packages/installed-dotnet.txt beside the checkout). What cannot be the same as on a
# new machine, and how it is covered, is in docs/fresh-check.md.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${S365_FRESH_DIR:-$REPO/.run/fresh}        # logs and the unpacked root (one check at a time each)
ROOT=$WORK/root
CACHE=${S365_FRESH_CACHE:-$REPO/.run/fresh/root.tar}
IMAGE_PACKAGES=${S365_IMAGE_PACKAGES:-$REPO/../.library/env/packages/installed-dotnet.txt}
SHARED=${S365_SHARED_DIR:-$REPO/../shared}
SUITE=bookworm
MIRROR=http://deb.debian.org/debian

rebuild=0 keep=0 only=
while [[ $# -gt 0 ]]; do
  case $1 in
    --rebuild-root) rebuild=1 ;;
    --keep) keep=1 ;;
    --only) only=${2:-}; shift; [[ $only == demo || $only == test || $only == setup ]] || { echo "--only takes demo, test or setup" >&2; exit 2; } ;;
    *) echo "usage: $0 [--rebuild-root] [--only demo|test|setup] [--keep]" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[fresh-check] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[[ $(id -u) -eq 0 ]] || die "needs root (debootstrap, chroot, mounts)"

# ------------------------------------------------------------------ mounts

MOUNTED=()
bind() { # bind SRC DEST [ro]
  local src=$1 dest=$ROOT$2
  if [[ -d $src ]]; then mkdir -p "$dest"; else mkdir -p "$(dirname "$dest")"; : >"$dest"; fi
  mount --bind "$src" "$dest"
  [[ ${3:-} == ro ]] && mount -o remount,bind,ro "$dest"
  MOUNTED+=("$dest")
}
# Processes still running inside the root (a DC, wineserver) would keep its mounts busy.
kill_root_processes() {
  local p pids=()
  for p in /proc/[0-9]*; do [[ $(readlink "$p/root" 2>/dev/null) == "$ROOT" ]] && pids+=("${p#/proc/}"); done
  ((${#pids[@]})) || return 0
  kill "${pids[@]}" 2>/dev/null || true; sleep 2; kill -9 "${pids[@]}" 2>/dev/null || true
}
unmount_all() {
  kill_root_processes
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount "${MOUNTED[i]}" 2>/dev/null || umount -l "${MOUNTED[i]}" 2>/dev/null || true; done
  MOUNTED=()
}
remove_root() {
  [[ -d $ROOT ]] || return 0
  if findmnt -rn -o TARGET | grep -q "^$ROOT"; then die "mounts still under $ROOT: not removing it"; fi
  rm -rf "$ROOT"
}
# In its own PID and mount namespaces, with its own /proc, /sys, /dev, /dev/pts and /dev/shm mounted
# there (private: they go when the command ends): the root sees only its own processes, so its
# scripts cannot take this machine's processes for theirs (build/test-dc.sh finds its samba by the
# log path in /proc/*/fd, a path the clone shares with this checkout), and whatever a command left
# running ends with it. Mounted from this machine's namespace instead, /sys and /dev left the pwsh
# installed in the root finding no module at all (docs/fresh-check.md).
in_root() {
  unshare --pid --fork --kill-child --mount --propagation private /bin/sh -c '
    set -e; r=$1; shift
    # The root a mount of its own, as / is on a machine: else `unshare -m` inside it (the Kerberos
    # tests give the agent a private /etc/hosts so) fails "cannot change root filesystem propagation".
    # Recursive, so the read-only binds of Node and the .NET SDK come along.
    mount --rbind "$r" "$r"
    mount -t proc proc "$r/proc"
    mount -t sysfs -o ro sysfs "$r/sys"
    mount -t devtmpfs devtmpfs "$r/dev"
    mkdir -p "$r/dev/pts" "$r/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$r/dev/pts"
    mount -t tmpfs -o mode=1777 tmpfs "$r/dev/shm"
    exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"' sh "$ROOT" "$@"
}

cleanup() {
  unmount_all
  if ((keep == 0)); then remove_root; else log "root kept at $ROOT"; fi
}

# ------------------------------------------------------------------ the prepared root

# The image's apt packages by name (architecture suffixes stripped). Node (nodesource's package) and
# the .NET SDK come from this machine instead, bound read-only, as the issue describing this check says.
image_packages() {
  [[ -f $IMAGE_PACKAGES ]] || die "no machine image package list at $IMAGE_PACKAGES (set S365_IMAGE_PACKAGES)"
  awk -F'\t' '$1 == "apt" { sub(/:.*/, "", $2); print $2 }' "$IMAGE_PACKAGES" | grep -vxE 'nodejs' | sort -u
}

prepare_root() {
  "$REPO/build/apt.sh" install fresh-check
  remove_root
  mkdir -p "$ROOT"
  local t0=$SECONDS
  log "debootstrap --variant=minbase $SUITE"
  debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 || { tail -20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
  log "debootstrap took $((SECONDS - t0)) s"

  # The package clients' settings and the CA bundle as this machine has them.
  rm -f "$ROOT/etc/apt/sources.list"
  cp -a /etc/apt/sources.list.d/*.sources "$ROOT/etc/apt/sources.list.d/"
  local f
  for f in /etc/apt/apt.conf.d/99artifact-registry /etc/apt/apt.conf.d/docker-*; do [[ -f $f ]] && cp -a "$f" "$ROOT/etc/apt/apt.conf.d/"; done
  mkdir -p "$ROOT/usr/local/share/ca-certificates" "$ROOT/etc/ssl/certs"
  cp -a /usr/local/share/ca-certificates/. "$ROOT/usr/local/share/ca-certificates/"
  cp -a /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/"
  printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"; chmod +x "$ROOT/usr/sbin/policy-rc.d"   # no services start

  mkdir -p "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root apt-get -q update >"$WORK/image-apt.log" 2>&1 || { tail -20 "$WORK/image-apt.log" >&2; die "apt-get update in the root failed"; }
  local wanted known installable skipped
  wanted=$(image_packages)
  known=$(in_root apt-cache pkgnames | sort -u)
  installable=$(comm -12 <(echo "$wanted") <(echo "$known"))
  skipped=$(comm -23 <(echo "$wanted") <(echo "$known") | xargs)
  log "image packages: $(wc -l <<<"$wanted") listed, $(wc -l <<<"$installable") served by Debian; not served (left out): ${skipped:-none}"
  t0=$SECONDS
  # shellcheck disable=SC2046
  in_root apt-get -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install --no-install-recommends \
    $(echo "$installable") >>"$WORK/image-apt.log" 2>&1 || { tail -30 "$WORK/image-apt.log" >&2; die "installing the image packages failed (see $WORK/image-apt.log)"; }
  in_root update-ca-certificates >>"$WORK/image-apt.log" 2>&1 || true
  log "image packages installed in $((SECONDS - t0)) s"
  unmount_all

  # Package clients' user settings: npm (user and global), NuGet.
  mkdir -p "$ROOT/root/.nuget/NuGet" "$ROOT/usr/etc"
  for f in /root/.npmrc /etc/npmrc /usr/etc/npmrc /root/.nuget/NuGet/NuGet.Config; do [[ -f $f ]] && cp -a "$f" "$ROOT$f"; done
  # A new machine has no package lists until `apt-get update` (the scripts must cope).
  rm -rf "$ROOT/var/lib/apt/lists/"* "$ROOT/var/cache/apt/"*.bin
  log "caching the prepared root as $CACHE"
  tar -C "$ROOT" -cf "$CACHE.part" . && mv "$CACHE.part" "$CACHE"
}

# ------------------------------------------------------------------ the check

# The image's Node 20 with npm and its .NET SDK, read-only, where the image has them.
bind_image_toolchains() {
  bind "$(readlink -f /usr/bin/node)" /usr/bin/node ro
  bind /usr/lib/node_modules /usr/lib/node_modules ro
  [[ -d /usr/include/node ]] && bind /usr/include/node /usr/include/node ro
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/bin/npx"
  local dotnet_home
  dotnet_home=$(dirname "$(readlink -f "$(command -v dotnet)")")
  bind "$dotnet_home" "$dotnet_home" ro
  ln -sfn "$dotnet_home/dotnet" "$ROOT/usr/bin/dotnet"
}

# The root shares this machine's network namespace (a chroot does not isolate sockets, and the
# registries are reached only from here), so its test DCs take loopback addresses of their own, and
# the check runs beside this machine's DCs or a CI run (build/test-dc.sh supports the variables).
DC_ENV=(S365_TEST_DC_HOST=127.0.1.1 S365_TEST_DC2_HOST=127.0.1.2)

# The machine image's own environment, as CI gets it: the CA bundle for every client (npm, curl, git,
# NuGet: the registries are reached through a TLS-inspecting egress whose CA only that bundle holds),
# .NET's and MSBuild's settings, proxies and locale. Nothing of this session's own.
image_env() {
  env | grep -E '^([A-Z_]*(CA_|CERT|SSL)[A-Z_]*|NUGET_[A-Z_]+|DOTNET_[A-Z_]+|MSBUILD[A-Z_]*|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy|LANG|LC_[A-Z]+|TZ)=' || true
}

run_check() { # run_check NAME COMMAND...
  local name=$1; shift
  local t0=$SECONDS rc=0
  local machine_env=()
  mapfile -t machine_env < <(image_env)
  log "running in the fresh root: $*"
  in_root "${machine_env[@]}" CI=true ${DC_ENV[@]+"${DC_ENV[@]}"} bash -c "cd /work/main && $*" >"$WORK/$name.log" 2>&1 </dev/null || rc=$?
  RESULTS+=("$(printf '%-5s %-20s exit %s  %4d s' "$name" "$*" "$rc" $((SECONDS - t0)))")
  if ((rc != 0)); then log "$name failed; its last lines:"; tail -40 "$WORK/$name.log" >&2; fi
  return "$rc"
}

mkdir -p "$WORK"
trap cleanup EXIT
if ((rebuild)) || [[ ! -f $CACHE ]]; then prepare_root; fi
remove_root
mkdir -p "$ROOT"
t0=$SECONDS
tar -C "$ROOT" -xf "$CACHE"
log "root unpacked in $((SECONDS - t0)) s"

[[ -z $(git -C "$REPO" status --porcelain --untracked-files=no) ]] || log "WARNING: uncommitted changes are not in the check: it clones HEAD"
mkdir -p "$ROOT/work"
git clone -q "$REPO" "$ROOT/work/main"
CHECKED=$(git -C "$ROOT/work/main" rev-parse --short HEAD)
[[ -d $SHARED ]] && cp -a "$SHARED" "$ROOT/work/shared"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
mkdir -p "$ROOT/proc" "$ROOT/sys" "$ROOT/dev"
bind_image_toolchains


RESULTS=()
status=0
if [[ $only == setup ]]; then run_check setup bash build/setup.sh --all || status=1; fi
if [[ -z $only || $only == demo ]]; then run_check demo bash build/demo.sh || status=1; fi
if [[ -z $only || $only == test ]]; then
  run_check test bash build/test.sh || status=1
  grep -E '^total: ' "$WORK/test.log" | tail -1 | sed 's/^/[fresh-check] test: /' >&2 || true
fi

echo "fresh-check on $CHECKED ($SUITE minbase + image packages; logs in $WORK):"
printf '  %s\n' "${RESULTS[@]}"
exit "$status"
