# Shared helpers for scripts/bench-*: process CPU and memory from /proc.

# CPU time (user + system) of a process and its threads, in clock ticks.
proc_cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# Sum of proc_cpu_ticks over several pids.
pids_cpu_ticks() { local t=0; for p in "$@"; do t=$((t + $(proc_cpu_ticks "$p"))); done; echo "$t"; }

# Resident set size in KiB, summed over several pids.
pids_rss_kib() { local t=0; for p in "$@"; do t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo "$t"; }

# Waits until something answers on 127.0.0.1:$1.
wait_for_port() { for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
