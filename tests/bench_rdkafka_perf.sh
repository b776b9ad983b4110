#!/usr/bin/env bash
# Builds librdkafka's rdkafka_performance (the C load generator of tests/bench) and prints the
# path of the binary on stdout; progress goes to stderr. Nothing from librdkafka is kept in git:
# the source comes from the rdkafka-sys crate on crates.io, which bundles all of librdkafka.
#
#   tests/bench_rdkafka_perf.sh          build once, then reuse the cached binary
#   tests/bench_rdkafka_perf.sh --force  rebuild even when the cached binary exists
#
# The cache is target/bench-tools/ (ignored by git; STROM_BENCH_TOOLS moves it). A throwaway
# cargo project there depends on rdkafka-sys, `cargo fetch` downloads it, and librdkafka/ is
# copied out of the cargo registry and built with cmake (`apt-get install cmake` when it is
# missing and we are root) as a static library without SSL, SASL, curl and zstd. The generated
# config.h says `#define WITH_OAUTHBEARER_OIDC 0`, which the source tests with #ifdef, so that
# line is deleted. About 3 minutes on 2 cores; the result is a standalone binary.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# rdkafka-sys 4.10.0+2.12.1 bundles librdkafka 2.12.1 (the version docs and figures refer to).
RDKAFKA_SYS_VERSION=4.10.0
TOOLS=${STROM_BENCH_TOOLS:-$ROOT/target/bench-tools}
OUT="$TOOLS/rdkafka_performance-$RDKAFKA_SYS_VERSION"

force=0
case "${1:-}" in
  "") ;;
  --force) force=1 ;;
  -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "tests/bench_rdkafka_perf.sh: unknown argument '$1'" >&2; exit 2 ;;
esac

log() { printf '%s\n' "$*" >&2; }

if [ "$force" -eq 0 ] && [ -x "$OUT" ]; then
  printf '%s\n' "$OUT"
  exit 0
fi

mkdir -p "$TOOLS"
# One build at a time (two benchmarks started together share the cache).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS/.rdkafka_performance.lock"
  flock 9
  if [ "$force" -eq 0 ] && [ -x "$OUT" ]; then
    printf '%s\n' "$OUT"
    exit 0
  fi
fi

for tool in cargo cc make python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "tests/bench_rdkafka_perf.sh: $tool is missing"; exit 1; }
done
if ! command -v cmake >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "==> apt-get install cmake (to build rdkafka_performance)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cmake >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 \
           && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cmake >/dev/null 2>&1; } \
      || { log "tests/bench_rdkafka_perf.sh: apt-get install cmake failed"; exit 1; }
  else
    log "tests/bench_rdkafka_perf.sh: cmake is missing (apt-get install cmake)"
    exit 1
  fi
fi

BUILD="$TOOLS/rdkafka-sys-$RDKAFKA_SYS_VERSION"
rm -rf "$BUILD"
mkdir -p "$BUILD/fetch/src"
start=$SECONDS

# The throwaway crate. The empty [workspace] keeps cargo from adopting it into strom's workspace
# (target/ is inside the repository); its lock file and target dir stay in the cache.
log "==> fetching rdkafka-sys $RDKAFKA_SYS_VERSION from crates.io"
cat >"$BUILD/fetch/Cargo.toml" <<EOF
[package]
name = "strom-bench-rdkafka-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
rdkafka-sys = { version = "=$RDKAFKA_SYS_VERSION", default-features = false }

[workspace]
EOF
: >"$BUILD/fetch/src/lib.rs"
(cd "$BUILD/fetch" && CARGO_TARGET_DIR="$BUILD/fetch/target" cargo fetch --quiet)
crate_dir=$(cd "$BUILD/fetch" && cargo metadata --format-version 1 --locked --quiet \
  | python3 -c 'import json, os, sys
m = json.load(sys.stdin)
print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"] == "rdkafka-sys"))')
[ -f "$crate_dir/librdkafka/examples/rdkafka_performance.c" ] \
  || { log "tests/bench_rdkafka_perf.sh: no librdkafka/ in $crate_dir"; exit 1; }
cp -R "$crate_dir/librdkafka" "$BUILD/librdkafka"

log "==> building rdkafka_performance ($(basename "$crate_dir"), cmake; about 3 minutes)"
mkdir -p "$BUILD/librdkafka/build"
(
  cd "$BUILD/librdkafka/build"
  cmake .. -DCMAKE_BUILD_TYPE=Release -DRDKAFKA_BUILD_STATIC=ON \
    -DRDKAFKA_BUILD_EXAMPLES=ON -DRDKAFKA_BUILD_TESTS=OFF -DWITH_SSL=OFF -DWITH_SASL=OFF \
    -DWITH_CURL=OFF -DWITH_ZSTD=OFF -DENABLE_LZ4_EXT=OFF >cmake.log 2>&1 \
    || { tail -n 30 cmake.log >&2; exit 1; }
  sed -i '/^#define WITH_OAUTHBEARER_OIDC 0$/d' generated/config.h
  make -j"$(nproc)" rdkafka_performance >make.log 2>&1 || { tail -n 30 make.log >&2; exit 1; }
)
bin="$BUILD/librdkafka/build/examples/rdkafka_performance"
[ -x "$bin" ] || { log "tests/bench_rdkafka_perf.sh: make produced no $bin"; exit 1; }
cp "$bin" "$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
# The binary is static in librdkafka, so the sources and objects can go; the throwaway crate
# (Cargo.toml and Cargo.lock) stays as a record of what was built.
rm -rf "$BUILD/librdkafka" "$BUILD/fetch/target"
log "==> rdkafka_performance built in $((SECONDS - start)) s: $OUT"
printf '%s\n' "$OUT"
