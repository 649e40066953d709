"""What the scenario scripts' inline Python shares to drive pushbench processes: read one
stdout line with a deadline, stop a process (SIGTERM, then SIGKILL), and a process's CPU time.
The scripts run from the repository's root with PYTHONPATH=bench/scenarios."""
import os
import select
import signal
import subprocess
import time


def read_line(proc, deadline):
    """One stdout line of proc before the monotonic deadline, or None (EOF or timeout)."""
    buf = b""
    while time.monotonic() < deadline:
        r, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            break
        c = os.read(proc.stdout.fileno(), 1)
        if not c:
            break
        if c == b"\n":
            return buf.decode()
        buf += c
    return None


def stop(proc, timeout=30):
    """SIGTERM, then SIGKILL if it has not exited after timeout seconds; waits for it."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cpu_ns(pid):
    """The on-CPU time of all of pid's threads so far (/proc/PID/task/*/schedstat), ns."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0])
        except OSError:
            pass
    return total
