#!/usr/bin/env bash
# Smoke test of an already built bundle (packaging/build.sh builds it; this script builds nothing).
#
#   packaging/smoke_frozen.sh [BUNDLE_DIR]        default: dist/MediaCraft
#
# Every run of the frozen app gets an empty environment (env -i) and a temp HOME:
#  1. system tools: PATH=/usr/bin:/bin, default data dir under HOME: a watermark removal with --wait
#     (a system ffmpeg, if there is one, is started by the frozen app: checks the child environment);
#  2. bundled tools only: PATH=/nonexistent, MEDIACRAFT_DATA_DIR in a temp dir: removal, merge, tasks.
#     As root with unshare(1), this runs in a private mount namespace where the project's .venv, the
#     system Python libraries and /usr/bin/ffmpeg, ffprobe are hidden; with strace(1) every program the
#     app starts is recorded and each ffmpeg must be the bundle's own;
#  3. the GUI starts under xvfb-run (skipped without it) and shows its window; SMOKE_SCREENSHOT=file.png
#     saves a screenshot (needs an ffmpeg with x11grab).
# Test file names have spaces, quotes and Chinese. Exit status 0 only if every step passed.
set -euo pipefail

if [ "${1:-}" = "--gui-inner" ]; then  # step 3, inside xvfb-run: $2 app, $3 temp dir, $4 screenshot or ""
  app=$2; tmp=$3; shot=$4
  env -i HOME="$tmp/home" PATH=/usr/bin:/bin DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" \
    MEDIACRAFT_DATA_DIR="$tmp/data-gui" "$app" >"$tmp/gui.log" 2>&1 &
  pid=$!
  shown=""
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    if command -v xwininfo >/dev/null 2>&1; then
      # a top-level window titled MediaCraft (not the 3x3 "Qt Selection Owner" helper)
      if xwininfo -root -tree 2>/dev/null |
         grep -qE '"[^"]*MediaCraft[^"]*": \("mediacraft" "MediaCraft"\) +[0-9]{3,}x[0-9]{3,}'; then
        shown=yes; break
      fi
    elif [ "$SECONDS" -ge 10 ]; then
      shown=alive; break
    fi
    sleep 0.5
  done
  if [ -n "$shown" ]; then
    sleep 2  # let the first paint finish
    if [ -n "$shot" ]; then
      ffmpeg -nostdin -v error -y -f x11grab -i "$DISPLAY" -frames:v 1 "$shot" || echo "smoke: screenshot failed" >&2
    fi
  fi
  alive=no; kill -0 "$pid" 2>/dev/null && alive=yes
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$shown" ] || [ "$alive" != yes ]; then
    echo "smoke: the GUI did not show its window; its output:" >&2; cat "$tmp/gui.log" >&2; exit 1
  fi
  exit 0
fi

root=$(cd "$(dirname "$0")/.." && pwd)
bundle=$(cd "${1:-$root/dist/MediaCraft}" 2>/dev/null && pwd) ||
  { echo "smoke: no bundle; run packaging/build.sh" >&2; exit 2; }
app="$bundle/MediaCraft"
[ -x "$app" ] || { echo "smoke: $app is missing; run packaging/build.sh" >&2; exit 2; }
bundled_ffmpeg=$(find "$bundle/_internal/imageio_ffmpeg/binaries" -name 'ffmpeg-*' | head -n 1)
[ -x "$bundled_ffmpeg" ] || { echo "smoke: the bundle has no executable imageio-ffmpeg binary" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mediacraft-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/out"
ff=/usr/bin/ffmpeg
[ -x "$ff" ] || ff=$bundled_ffmpeg  # make and check clips with any ffmpeg at hand

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
completed() {  # $1 run name: its --json output says the task completed
  grep -q '"status": "completed"' "$tmp/$1.out" || fail "$1: the task did not complete: $(cat "$tmp/$1.out")"
}
step() { echo "smoke: $*"; }
make_clip() {  # $1 path, $2 test pattern
  "$ff" -nostdin -v error -y -f lavfi -i "$2=size=160x120:rate=25:duration=1.5" \
    -f lavfi -i "sine=frequency=440:duration=1.5" -c:v libx264 -pix_fmt yuv420p -c:a aac -shortest "$1"
}
check_result() {  # $1 path: exists, has video and audio, decodes without errors
  [ -s "$1" ] || fail "no result at $1"
  local info
  info=$("$ff" -nostdin -hide_banner -i "$1" 2>&1 || true)
  grep -q 'Stream #0:.*Video' <<<"$info" || fail "no video stream in $1"
  grep -q 'Stream #0:.*Audio' <<<"$info" || fail "no audio stream in $1"
  local errors
  errors=$("$ff" -nostdin -v error -i "$1" -f null - 2>&1) || fail "result does not decode: $1"
  [ -z "$errors" ] || fail "decode errors in $1: $errors"
}
run_app() {  # $1 log name, $2 PATH value, rest: app arguments; prints the time; output in $tmp/$1.out
  local name=$1 path=$2 start rc ms
  shift 2
  start=$(date +%s%N)
  set +e
  (cd "$tmp" && "${isolate[@]}" env -i HOME="$tmp/home" PATH="$path" "${extra_env[@]}" "${trace[@]}" "$app" "$@") \
    >"$tmp/$name.out" 2>"$tmp/$name.err"
  rc=$?
  set -e
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf 'smoke:   %-16s exit %d in %d.%02d s\n' "$name" "$rc" $((ms / 1000)) $((ms % 1000 / 10))
  if [ "$rc" -ne 0 ]; then cat "$tmp/$name.out" "$tmp/$name.err" >&2; fail "$name exited with $rc"; fi
}

clip="$tmp/clip 水印 'q'.mp4"
make_clip "$clip" testsrc2
make_clip "$tmp/a 甲.mp4" testsrc
make_clip "$tmp/b 乙.mp4" smptebars
step "bundle $bundle ($(du -sh "$bundle" | cut -f1)), test clips made with $ff"

# 1. Empty environment, system PATH, default data dir under HOME.
isolate=(); trace=(); extra_env=()
step "1. env -i HOME=\$tmp PATH=/usr/bin:/bin"
run_app removal-system /usr/bin:/bin remove-watermark "$clip" --region 10,10,50,30 -o "$tmp/out/clean 清除 1.mp4" \
  --wait --json
completed removal-system
check_result "$tmp/out/clean 清除 1.mp4"
ls "$tmp/home/.local/share/MediaCraft/tasks/"*.json >/dev/null 2>&1 || fail "no task file in the default data dir"

# 2. No ffmpeg on PATH: the bundled one must be used. Isolated when possible.
extra_env=(MEDIACRAFT_DATA_DIR="$tmp/data")
isolated=no; traced=no
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1 && [ "${SMOKE_ISOLATE:-1}" = 1 ] &&
   unshare -m --propagation private true 2>/dev/null; then
  hide=()
  for d in "$root/.venv" /usr/lib/python3 /usr/lib/python3.* /usr/local/lib/python3.*; do
    [ -d "$d" ] && [[ "$bundle" != "$d"/* ]] && hide+=("$d")
  done
  mask=()
  for f in /usr/bin/ffmpeg /usr/bin/ffprobe /usr/local/bin/ffmpeg /usr/local/bin/ffprobe; do
    [ -e "$f" ] && mask+=("$f")
  done
  # shellcheck disable=SC2016
  isolate=(unshare -m --propagation private bash -c '
    n=$1; shift
    for ((i = 0; i < n; i++)); do mount -t tmpfs -o ro none "$1"; shift; done
    m=$1; shift
    for ((i = 0; i < m; i++)); do mount --bind /dev/null "$1"; shift; done
    exec "$@"' isolate "${#hide[@]}" "${hide[@]}" "${#mask[@]}" "${mask[@]}")
  isolated=yes
fi
if command -v strace >/dev/null 2>&1 && [ "${SMOKE_TRACE:-1}" = 1 ]; then
  # -z: successful execve calls only (a failed PATH lookup is not a start)
  trace=("$(command -v strace)" -f -z -qq -e trace=execve -e signal=none -o "$tmp/exec.trace")
  traced=yes
fi
step "2. env -i HOME=\$tmp PATH=/nonexistent MEDIACRAFT_DATA_DIR=\$tmp/data (isolated: $isolated, traced: $traced)"
run_app removal-bundled /nonexistent remove-watermark "$clip" --region 10,10,50,30 -o "$tmp/out/clean 清除 2.mp4" \
  --wait --json
completed removal-bundled
check_result "$tmp/out/clean 清除 2.mp4"
if [ "$traced" = yes ]; then
  started=$(grep -o 'execve("[^"]*"' "$tmp/exec.trace" | sed 's/^execve("//; s/"$//')
  sort <<<"$started" | uniq -c | sed 's/^ */smoke:     started x/'
  grep -qxF "$bundled_ffmpeg" <<<"$started" || fail "the bundled ffmpeg was never started"
  outside=$(grep -vF "$bundle/" <<<"$started" || true)
  [ -z "$outside" ] || fail "the app started programs from outside the bundle: $outside"
  trace=()
fi
run_app merge-bundled /nonexistent merge "$tmp/a 甲.mp4" "$tmp/b 乙.mp4" -o "$tmp/out/merged 合并.mp4" --wait --json
completed merge-bundled
check_result "$tmp/out/merged 合并.mp4"
run_app tasks /nonexistent tasks --json
[ "$(grep -c '"status": "completed"' "$tmp/tasks.out")" -eq 2 ] || fail "tasks does not list 2 completed tasks"

# 3. The GUI starts.
if command -v xvfb-run >/dev/null 2>&1 && [ "${SMOKE_GUI:-1}" = 1 ]; then
  step "3. GUI under xvfb-run with env -i"
  shot=""
  [ -n "${SMOKE_SCREENSHOT:-}" ] && shot=$(realpath -m "$SMOKE_SCREENSHOT")
  start=$SECONDS
  xvfb-run -a -s "-screen 0 1280x800x24" "$0" --gui-inner "$app" "$tmp" "$shot"
  step "   GUI window shown (checked after $((SECONDS - start)) s)${shot:+, screenshot $shot}"
else
  step "3. GUI start skipped (no xvfb-run or SMOKE_GUI=0)"
fi
step "PASS"
