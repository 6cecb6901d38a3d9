# The disk's own flush rate, for scripts/bench-store and scripts/bench-checkout: a loop of a small
# write (in place, so no file-size change adds a metadata journal commit: the pure device flush,
# the conservative ceiling) + fdatasync(2) on a file in directory $1 (the directory Kassa's database is in) for $2
# seconds (default 3). Prints flushes per second. With synchronous=FULL every SQLite commit
# waits for one such flush, so this is the ceiling of commits per second on this disk.
flush_rate() {
  python3 - "$1" "${2:-3}" <<'PY'
import os, sys, time
path = os.path.join(sys.argv[1], "flush-rate.probe")
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, bytes(4096))
os.fsync(fd)
record = b"x" * 128   # about one WAL frame header and a small row: the flush, not the size, is measured
flushes, start = 0, time.monotonic()
deadline = start + float(sys.argv[2])
while time.monotonic() < deadline:
    os.pwrite(fd, record, 0)
    os.fdatasync(fd)
    flushes += 1
elapsed = time.monotonic() - start
os.close(fd)
os.unlink(path)
print(int(flushes / elapsed))
PY
}
