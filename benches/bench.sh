#!/usr/bin/env bash
# Times `carepages build` on synthetic sites of several sizes.
#
#   cargo build --release && bash benches/bench.sh [SIZES...]
#
# SIZES are numbers of service pages (default: 1000 10000 100000). For each size the site is
# generated once by benches/generate_site.py into $BENCH_DIR (reused by later runs while the
# size, seed and generator are the same), built once untimed to warm up, then:
#   - "fresh": built RUNS times under /usr/bin/time -v, each time into a new folder
#     (DIR/public-N), as a CI build on a clean checkout writes its site;
#   - "rebuild": built RUNS times more over the last of those, as a writer rebuilds the site
#     after an edit (the previous build is replaced, unchanged files are linked from it).
# It prints the median wall time, the median CPU time (user + sys) and its system part, the
# median and largest peak RSS, pages per second and the size of the output.
#
# Outputs are deleted only when every size is done: on ext4, inodes freed in the last minute
# or so are skipped when new files are made, so a build right after deleting a large site
# spends much of its time in the kernel's inode allocator, which times the disk, not carepages.
#
# Creating tens of thousands of files is a large part of a build on a slow disk: put
# BENCH_DIR on tmpfs (BENCH_DIR=/dev/shm/carepages-bench) to time carepages without the disk.
#
# Environment:
#   RUNS          timed builds per size (default 5, and 3 for sizes of 100000 or more)
#   SEED          generator seed (default 1)
#   BENCH_DIR     where sites are generated (default ${TMPDIR:-/tmp}/carepages-bench)
#   CAREPAGES_BIN the binary to time (default target/release/carepages)
#   KEEP_OUTPUT   set to 1 to keep the outputs (public-N) to look at
#
# This script builds nothing itself and never runs cargo.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${CAREPAGES_BIN:-$root/target/release/carepages}
generator=$root/benches/generate_site.py
seed=${SEED:-1}
work=${BENCH_DIR:-${TMPDIR:-/tmp}/carepages-bench}
today=2026-11-22

die() {
    echo "bench.sh: $*" >&2
    exit 1
}

if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(1000 10000 100000); fi
for size in "${sizes[@]}"; do
    [[ $size =~ ^[1-9][0-9]*$ ]] || die "a size must be a whole number of pages, not \`$size'"
done
if [ -n "${RUNS:-}" ]; then
    [[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a whole number of at least 1, not \`$RUNS'"
fi
[[ $seed =~ ^[0-9]+$ ]] || die "SEED must be a whole number, not \`$seed'"

if [ ! -x "$bin" ]; then
    die "no carepages binary at $bin
Build it first:   cargo build --release
(or point CAREPAGES_BIN at a binary)"
fi
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    die "GNU time is needed at /usr/bin/time (with -v). On Debian or Ubuntu: apt-get install time"
fi
command -v python3 >/dev/null || die "python3 is needed to generate the sites"

mkdir -p "$work"
logs=$(mktemp -d "$work/logs.XXXXXX")
trap 'rm -rf "$logs"' EXIT

# --- the machine ------------------------------------------------------------------------------
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
echo "machine:   $(nproc) CPUs, ${cpu:-unknown CPU}, ${mem:-unknown} memory"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min averages)"
echo "binary:    $bin ($("$bin" --version 2>/dev/null || echo 'no --version'), built $(date -r "$bin" '+%Y-%m-%d %H:%M'))"
if [ -n "$(find "$root/src" "$root/themes" "$root/Cargo.toml" -newer "$bin" -print -quit 2>/dev/null)" ]; then
    echo "note:      some sources are newer than the binary; run cargo build --release to time them"
fi
echo "sites:     $work (seed $seed)"
echo

# --- helpers ----------------------------------------------------------------------------------

# Seconds from /usr/bin/time's "h:mm:ss" or "m:ss.ss".
wall_seconds() {
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.3f", s }' <<<"$1"
}

# The value after "label: " in a /usr/bin/time -v report.
field() {
    sed -n "s/^[[:space:]]*$1: //p" "$2" | head -n1
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Builds the site once into OUT; on failure prints carepages' messages and stops the benchmark.
build() {
    local site=$1 size=$2 what=$3 out=$4
    local status=0
    /usr/bin/time -v -o "$logs/time" \
        "$bin" build --root "$site" --output "$out" --today "$today" \
        >"$logs/stdout" 2>"$logs/stderr" || status=$?
    if [ "$status" -ne 0 ]; then
        local saved="$work/failed-build-$size.log"
        cp "$logs/stderr" "$saved"
        {
            echo
            echo "bench.sh: carepages FAILED (exit $status) on the $size-page site, $what."
            echo "command: $bin build --root $site --output $out --today $today"
            echo "---- carepages' stderr (first 200 lines; all of it is in $saved) ----"
            head -n 200 "$logs/stderr"
            echo "---- end ----"
        } >&2
        exit 1
    fi
}

# Times RUNS builds of one kind; each run's output folder is given by the function OUT_OF.
timed_runs() {
    local site=$1 size=$2 kind=$3 runs=$4
    : >"$logs/runs"
    for run in $(seq 1 "$runs"); do
        local out
        out=$(out_of "$site" "$kind" "$run")
        build "$site" "$size" "in $kind run $run" "$out"
        wall=$(wall_seconds "$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$logs/time")")
        sys=$(field 'System time (seconds)' "$logs/time")
        cpu=$(awk -v u="$(field 'User time (seconds)' "$logs/time")" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
        rss_kib=$(field 'Maximum resident set size (kbytes)' "$logs/time")
        echo "$wall $cpu $rss_kib $sys" >>"$logs/runs"
        printf '[%s] %-7s run %d/%d: %8.2f s wall %8.2f s CPU (%.2f s sys) %8.1f MiB peak RSS   %s\n' \
            "$size" "$kind" "$run" "$runs" "$wall" "$cpu" "$sys" "$(awk -v k="$rss_kib" 'BEGIN { print k / 1024 }')" \
            "$(head -n1 "$logs/stdout")"
    done
    wall_med=$(cut -d' ' -f1 "$logs/runs" | median)
    cpu_med=$(cut -d' ' -f2 "$logs/runs" | median)
    rss_med=$(cut -d' ' -f3 "$logs/runs" | median)
    rss_max=$(cut -d' ' -f3 "$logs/runs" | sort -g | tail -n1)
    sys_med=$(cut -d' ' -f4 "$logs/runs" | median)
    output=$(du -sh "$out" | cut -f1)
    rows+=("$(awk -v n="$size" -v k="$kind" -v r="$runs" -v w="$wall_med" -v c="$cpu_med" -v y="$sys_med" \
        -v m="$rss_med" -v x="$rss_max" -v o="$output" 'BEGIN {
            printf "| %7d | %-7s | %4d | %9.2f | %9.2f | %9.2f | %11.1f | %11.1f | %9.0f | %6s |", n, k, r, w, c,
                y, m / 1024, x / 1024, (w > 0 ? n / w : 0), o }')")
}

# Fresh runs each write a new folder; rebuilds all write over the last fresh one.
out_of() {
    local site=$1 kind=$2 run=$3
    if [ "$kind" = fresh ]; then echo "$site/public-$run"; else echo "$site/public-$runs"; fi
}

declare -a rows=()
declare -a notes=()
declare -a outputs=()

for size in "${sizes[@]}"; do
    runs=${RUNS:-$([ "$size" -ge 100000 ] && echo 3 || echo 5)}
    site="$work/site-$size-seed$seed"
    stamp="size=$size seed=$seed generator=$(sha256sum "$generator" | cut -c1-16)"
    if [ -f "$site/.bench-stamp" ] && [ "$(cat "$site/.bench-stamp")" = "$stamp" ]; then
        echo "[$size] reusing the site in $site"
    else
        echo "[$size] generating the site in $site"
        started=$(date +%s.%N)
        python3 "$generator" "$size" "$site" --seed "$seed"
        echo "[$size] generated in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
        echo "$stamp" >"$site/.bench-stamp"
    fi

    rm -rf "$site"/public "$site"/public-*
    echo "[$size] warm-up build (untimed)"
    build "$site" "$size" "in the warm-up build" "$site/public-warm"
    warnings=$(grep -c '^warning' "$logs/stderr" || true)
    if [ "$warnings" -gt 0 ]; then
        notes+=("$size pages: carepages printed $warnings warnings, the first: $(grep -m1 '^warning' "$logs/stderr")")
    fi
    timed_runs "$site" "$size" fresh "$runs"
    timed_runs "$site" "$size" rebuild "$runs"
    outputs+=("$site")
    echo
done

if [ "${KEEP_OUTPUT:-0}" != 1 ]; then
    for site in "${outputs[@]}"; do rm -rf "$site"/public-*; done
fi

echo "carepages build --today $today: medians of \"runs\" timed builds per site of \"pages\" service pages"
echo
printf '| %7s | %-7s | %4s | %9s | %9s | %9s | %11s | %11s | %9s | %6s |\n' \
    pages build runs "wall s" "CPU s" "sys s" "RSS MiB" "max RSS MiB" pages/s output
echo "|--------:|:--------|-----:|----------:|----------:|----------:|------------:|------------:|----------:|-------:|"
for row in "${rows[@]}"; do echo "$row"; done
for note in "${notes[@]}"; do echo "note: $note"; done
echo
echo "CPU s is user + sys (sys s, the kernel's part, is mostly creating files and folders); RSS is the"
echo "peak resident set size; output is du -sh of one build's public/."
echo "The generated sites stay in $work for the next run; delete the folder to free the space."
