#!/usr/bin/env python3
"""Run a command and report its wall time and peak resident memory.

Usage: measure.py [-o RESULT_FILE] [--] CMD [ARG...]

The command inherits stdin, stdout and stderr, so redirections and here-docs
around measure.py reach it. When it ends, one line is written to RESULT_FILE
(or, without -o, to stderr):

    <wall seconds> <peak RSS KiB> <exit status> <backend>

and measure.py exits with the command's exit status (128+N when killed by
signal N, 127 when it cannot be started).

Backends (MEASURE_BACKEND=auto|time|rusage, default auto):
  time    GNU /usr/bin/time -f %M: the peak RSS of the command alone, give or
          take the ~1 MiB that time itself had when it forked.
  rusage  resource.getrusage(RUSAGE_CHILDREN) after subprocess.run. Linux
          charges the child with the peak RSS of the process it was forked
          from (this Python, ~13 MiB), so values below that floor are
          reported as the floor; values above it are exact.
auto uses time when /usr/bin/time is GNU time, else rusage. Wall time is
always measured here, with time.perf_counter(), around the whole command.
"""

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def gnu_time_available() -> bool:
    if not (os.path.isfile(GNU_TIME) and os.access(GNU_TIME, os.X_OK)):
        return False
    try:
        probe = subprocess.run([GNU_TIME, "-f", "%M", "true"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    last = probe.stderr.decode(errors="replace").strip().splitlines()
    return probe.returncode == 0 and bool(last) and last[-1].strip().isdigit()


def status_of(returncode: int) -> int:
    """subprocess gives -N for signal N; shells say 128+N."""
    return 128 - returncode if returncode < 0 else returncode


def run_with_time(cmd):
    fd, result_path = tempfile.mkstemp(prefix="measure-", suffix=".txt")
    os.close(fd)
    try:
        started = time.perf_counter()
        proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", result_path, "--"] + cmd)
        wall = time.perf_counter() - started
        with open(result_path, encoding="utf-8", errors="replace") as f:
            lines = [line.strip() for line in f if line.strip()]
        # GNU time writes "Command exited with non-zero status N" or
        # "Command terminated by signal N" before the format line.
        rss = int(lines[-1]) if lines and lines[-1].isdigit() else 0
        status = status_of(proc.returncode)
        for line in lines:
            if line.startswith("Command terminated by signal"):
                try:
                    status = 128 + int(line.split()[-1])
                except ValueError:
                    pass
        return wall, rss, status
    finally:
        try:
            os.unlink(result_path)
        except OSError:
            pass


def run_with_rusage(cmd):
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd)
        status = status_of(proc.returncode)
    except FileNotFoundError:
        print(f"measure.py: {cmd[0]}: command not found", file=sys.stderr)
        status = 127
    except PermissionError:
        print(f"measure.py: {cmd[0]}: permission denied", file=sys.stderr)
        status = 126
    wall = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    if sys.platform == "darwin":
        rss //= 1024  # bytes there
    return wall, rss, status


def main(argv) -> int:
    result_file = None
    args = list(argv)
    while args:
        if args[0] == "-o" and len(args) >= 2:
            result_file = args[1]
            args = args[2:]
        elif args[0].startswith("-o") and len(args[0]) > 2:
            result_file = args[0][2:]
            args = args[1:]
        elif args[0] == "--":
            args = args[1:]
            break
        elif args[0] in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            break
    if not args:
        print("usage: measure.py [-o RESULT_FILE] [--] CMD [ARG...]", file=sys.stderr)
        return 2

    backend = os.environ.get("MEASURE_BACKEND", "auto")
    if backend not in ("auto", "time", "rusage"):
        print(f"measure.py: MEASURE_BACKEND must be auto, time or rusage, not {backend!r}",
              file=sys.stderr)
        return 2
    if backend == "auto":
        backend = "time" if gnu_time_available() else "rusage"
    if backend == "time" and shutil.which(args[0]) is None and not os.path.exists(args[0]):
        # GNU time would only say "No such file"; keep the message uniform.
        print(f"measure.py: {args[0]}: command not found", file=sys.stderr)
        wall, rss, status = 0.0, 0, 127
    elif backend == "time":
        wall, rss, status = run_with_time(args)
    else:
        wall, rss, status = run_with_rusage(args)

    line = f"{wall:.3f} {rss} {status} {backend}\n"
    if result_file:
        with open(result_file, "w", encoding="utf-8") as f:
            f.write(line)
    else:
        sys.stderr.write(line)
    return status


if __name__ == "__main__":
    # Let the child receive Ctrl-C; this wrapper just waits for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(main(sys.argv[1:]))
