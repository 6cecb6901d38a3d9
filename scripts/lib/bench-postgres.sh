# PostgreSQL rows of scripts/bench-checkout (issue 19): the same checkout load against one and
# against two `kassa serve` sharing one PostgreSQL, beside the SQLite figure of the same run.
# The cluster (scripts/postgres-cluster, without --fast) flushes every commit: fsync on,
# synchronous_commit on — the durability of SQLite's synchronous=FULL. Two instances get a wrk
# each with half the connections (the load balancer is not what is measured); their rates add.
# Needs: $work, $PORT, $DURATION, $CONNECTIONS, checkout.lua in $work, wait_for_port.

# Runs the load against $1 instances on database $2 of cluster $3; prints "rps p99_ms errors".
bench_postgres_case() {
  local count=$1 database=$2 cluster=$3 pids=() ports=() warm=() load=() outs=() i
  psql "$cluster" -X -q -c "CREATE DATABASE $database" >/dev/null
  local url="${cluster%/*}/$database?sslmode=disable"
  for i in $(seq 1 "$count"); do
    ports+=($((PORT + 10 + i)))
    KASSA_HTTP_EVENT_LOOPS=${EVENT_LOOPS:-0} KASSA_RATE_LIMIT_ENABLED=false KASSA_DATA_DIR="$work/pg-data-$i" \
      KASSA_STORE_URL="$url" KASSA_LOG_LEVEL=warning MALLOC_ARENA_MAX=1 \
      .build/release/kassa serve --port "${ports[-1]}" >> "$work/kassa-pg.log" 2>&1 &
    pids+=($!)
  done
  for i in "${ports[@]}"; do wait_for_port "$i" || { echo "nan nan -1"; kill "${pids[@]}"; return; }; done
  local threads=$((2 / count)) connections=$((CONNECTIONS / count))
  for i in "${ports[@]}"; do
    wrk -t"$threads" -c"$connections" -d2s -s "$work/checkout.lua" "http://127.0.0.1:$i" >/dev/null 2>&1 &   # warm-up
    warm+=($!)
  done
  wait "${warm[@]}" || true
  for i in "${ports[@]}"; do
    outs+=("$work/wrk-pg-$count-$i.out")
    wrk -t"$threads" -c"$connections" -d"${DURATION}s" --latency -s "$work/checkout.lua" "http://127.0.0.1:$i" > "${outs[-1]}" 2>&1 &
    load+=($!)
  done
  wait "${load[@]}" || true
  for i in "${pids[@]}"; do kill -TERM "$i"; wait "$i" 2>/dev/null || true; done
  python3 - "${outs[@]}" <<'PY'
import re, sys
rps, p99, errors = 0.0, 0.0, 0
for path in sys.argv[1:]:
    text = open(path).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M)
    value = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
    p99 = max(p99, value)
    errors += sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors += int(non2xx.group(1)) if non2xx else 0
print(f"{rps:.0f} {p99:.3f} {errors}")
PY
}

# bench_postgres SQLITE_RPS SQLITE_P99_MS: the two PostgreSQL rows and the ratios.
bench_postgres() {
  local sqlite_rps=$1 sqlite_p99=$2 cluster one two
  cluster=$(scripts/postgres-cluster start)
  bench_postgres_case 1 bench_one "$cluster" > "$work/pg-one.txt" || true
  bench_postgres_case 2 bench_two "$cluster" > "$work/pg-two.txt" || true
  one=$(cat "$work/pg-one.txt"); two=$(cat "$work/pg-two.txt")
  scripts/postgres-cluster stop "$cluster"
  python3 - "$sqlite_rps" "$sqlite_p99" "$one" "$two" "$CONNECTIONS" "$DURATION" <<'PY'
import sys
sqlite_rps, sqlite_p99, one, two, connections, duration = sys.argv[1:]
rows = [("SQLite, 1 instance (synchronous=full)", float(sqlite_rps), float(sqlite_p99), 0)]
for label, figures in (("PostgreSQL, 1 instance", one), ("PostgreSQL, 2 instances", two)):
    parts = figures.split()
    rows.append((label, float(parts[0]), float(parts[1]), int(parts[2])) if len(parts) == 3 else (label, float("nan"), float("nan"), -1))
print(f"\nstores at the same durability (every commit flushed), {connections} connections, {duration} s each, same run")
print(f"{'':40} {'checkouts/s':>12} {'p99 ms':>9} {'errors':>7} {'vs SQLite':>10}")
for label, rps, p99, errors in rows:
    print(f"{label:40} {rps:12.0f} {p99:9.2f} {errors:7d} {rps / rows[0][1]:9.2f}x")
print(f"two PostgreSQL instances vs one: {rows[2][1] / rows[1][1]:.2f}x (one machine: the instances, PostgreSQL and wrk share its cores)")
PY
}
