"""Processes the grader starts: run bounded (run_contained), stopped all at once when grading
is stopped (Stop, STOP), and reaped whatever session they moved to (the grader is a child
subreaper: become_subreaper, kill_descendants)."""

import os
import signal
import subprocess
import threading
import time

from . import inert

OUTPUT_HEAD, OUTPUT_TAIL = 256 * 1024, 64 * 1024  # bytes kept of a contained run's output


def run_contained(command, timeout, env=None, cwd=None):
    """Runs command in its own process group; kills the whole group on timeout. Returns
    (status, output, timed out). Of the output only the head and the tail are kept, so a
    program printing in a loop costs bounded memory; once grading is stopped, runs nothing."""
    if STOP.reason:
        return -signal.SIGKILL, "", True
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True)
    kept = CappedOutput()
    reader = threading.Thread(target=kept.read_all, args=(proc.stdout,), daemon=True)
    reader.start()
    reader.join(timeout)  # the output ends when every process holding it has ended
    timed_out = reader.is_alive()
    if timed_out:
        os.killpg(proc.pid, signal.SIGKILL)
        reader.join()
    proc.wait()
    return proc.returncode, kept.text(), timed_out or bool(STOP.reason)


class CappedOutput:
    """The first OUTPUT_HEAD and last OUTPUT_TAIL bytes of a stream, and its full length."""

    def __init__(self):
        self.head, self.tail, self.total = bytearray(), bytearray(), 0

    def read_all(self, stream):
        for chunk in iter(lambda: stream.read1(1 << 16), b""):
            self.total += len(chunk)
            room = OUTPUT_HEAD - len(self.head)
            self.head += chunk[:room]
            if len(chunk) > room:
                self.tail = (self.tail + chunk[room:])[-OUTPUT_TAIL:]
        stream.close()

    def text(self):
        text = inert.text_of(self.head)
        if self.tail:
            cut = self.total - len(self.head) - len(self.tail)
            text += (f"\n(truncated: {cut} bytes left out, {self.total} in all)\n" if cut else "") + \
                inert.text_of(self.tail)
        return text


class Stop:
    """Why grading was stopped before its end (the time limit ran out, or a signal), or "".
    stop() kills every process the grader started, whatever session it is in; the checks
    that had not run then fail with the reason."""

    def __init__(self):
        self.reason = ""

    def stop(self, reason):
        if not self.reason:
            self.reason = reason
        kill_descendants()


STOP = Stop()


def descendants(pid):
    """Every living process started, directly or not, by pid (zombies left out)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def kill_descendants(seconds=5):
    """Kills the grader's process tree until none is left (or seconds pass). The grader is a
    child subreaper (see main), so processes orphaned meanwhile come back under it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = descendants(os.getpid())
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.01)  # poll: the kernel delivers SIGKILL in its own time


def become_subreaper():
    """Orphans of the grader's processes are re-parented to the grader, not to init, so
    kill_descendants finds a student's daemonised program too (Linux prctl)."""
    import ctypes
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass
