"""Running a lab's checks on what was built: the Criterion unit checks and the bats loopback
checks, each in the sandbox, in network namespaces of their own, under deadlines; their
outcomes read back into the results model. grade_lab is one lab's way through build and run."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor, wait

from . import explain, inert
from .build import LIB, build_binaries, build_sanitized, build_unit, whole_program_text
from .inert import FIELD_MAX, cap
from .processes import STOP, run_contained
from .results import Check, LabResult

CHECKS_PER_BATS = 11  # loopback checks a bats process runs at most (see bats_processes)
HANDOFF_TICK = 0.5     # seconds between two looks at whether a lab wants another bats process
SPARE_CPU = 0.3        # the idle share of the machine's CPU time that calls for one
UNIT_TIMEOUT = 60      # seconds for a lab's whole unit run; each check has its own 5 s
LOOPBACK_TIMEOUT = 180  # seconds for a lab's whole loopback run; each check has its own


def split_message(text):
    """Our failure messages: a summary, then "expected: ", "seen: " and "hint: " parts."""
    parts = {"message": [], "expected": [], "actual": [], "hint": []}
    current = "message"
    for line in text.split("\n"):
        m = re.match(r"(expected|seen|hint): ?(.*)", line)
        if m:
            current = {"seen": "actual"}.get(m[1], m[1])
            line = m[2]
        parts[current].append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items()}


def run_unit(sub, checks, workdir, unit_binary, env, tools):
    # Criterion's runner runs in the sandbox, as the sandbox's uid: it needs a folder to write.
    outdir = os.path.join(workdir, "unit-results")
    os.makedirs(outdir)
    os.chmod(outdir, 0o777)
    results = os.path.join(outdir, "unit.jsonl")
    # Where the crash handler writes where a check crashed (Criterion closes inherited
    # descriptors before a check's worker starts: a file, opened at the crash).
    trace = os.path.join(outdir, "unit.trace")
    env = dict(env, SOCKLAB_UNIT_RESULTS=results, SOCKLAB_CRASH_FILE=trace,
               SOCKLAB_CRASH_PROGRAM=unit_binary)
    # One check at a time (--jobs 1): the checks share the sandbox's network namespace, and a
    # port one of them picked must not be taken by another meanwhile. They take milliseconds.
    rc, out, timed_out = run_contained(
        [os.path.join(LIB, "sandbox"), "--own-net", "--ro", os.path.dirname(unit_binary),
         "--rw", outdir, "--env", "SOCKLAB_UNIT_RESULTS", "--env", "SOCKLAB_CRASH_FILE",
         "--env", "SOCKLAB_CRASH_PROGRAM",
         *(["--preload", tools["crashtrace"]] if "crashtrace" in tools else []),
         "--", unit_binary, "--always-succeed", "--jobs", "1"], UNIT_TIMEOUT, env=env)
    got = {}
    if os.path.exists(results):
        with open(results) as f:
            for line in f:
                try:
                    r = json.loads(line)
                except ValueError:
                    continue
                got.setdefault(f"{r['suite']}.{r['name']}", []).append(r)
    # Student code runs in the same sandbox as Criterion's runner and could write result
    # lines of its own: every check must have exactly one, and the passes must add up to
    # what Criterion itself counted.
    synthesis = re.search(r"Passing: (\d+)", out)
    passing = sum(1 for rs in got.values() for r in rs if r["status"] == "pass")
    forged = got and (any(len(rs) > 1 for rs in got.values()) or
                      (synthesis and int(synthesis[1]) != passing))
    for check in checks:
        if forged:
            check.status = "fail"
            check.message = "the unit checks' results were tampered with"
            check.hint = "your functions must not write to the grader's files"
            continue
        r = (got.get(check.id) or [None])[0]
        if r is None:
            check.status = "fail"
            check.message = "the unit checks did not run to this check"
            check.actual = cap(out) + ("\n(the run timed out)" if timed_out else "")
            check.hint = "a crash outside the checks, e.g. in a constructor or global initialiser"
            continue
        check.duration = r["duration"]
        if r["status"] == "pass":
            check.status, check.points = "pass", check.max_points
            continue
        check.status = "fail"
        if r["status"] == "timeout":
            check.message = "the check timed out (5 s): a call blocked or looped"
            check.hint = "a function that should return at once is waiting: accept/recv/read on the wrong descriptor?"
        elif r["status"] == "crash":
            sig = r.get("signal") or 0
            check.message = f"the check crashed ({signal_text(sig)}) inside your function"
            at, line, frame = explain.where(unit_binary, trace, sig, source_folders(sub),
                                            {os.path.basename(p) for p in sub.unit_files}, check.id)
            if at:
                check.message += f", {at}"
                check.actual = line
            found = explain.cause(explain.Facts(signal=sig, line=line.split(": ", 1)[-1],
                                                at=f"{frame.file}:{frame.line}" if frame else "",
                                                in_library=bool(frame and frame.in_library)))
            check.hint = (f"{found[0]}: {found[1]}" if found else
                          "run the program under gdb or build it with -fsanitize=address to see the faulty line")
        else:
            parts = {k: cap(v, FIELD_MAX) for k, v in split_message(r["message"]).items()}
            check.message = parts["message"] or "the check failed"
            check.expected, check.actual, check.hint = parts["expected"], parts["actual"], parts["hint"]


def source_folders(sub):
    """The folders of a submission's files, where a report finds the line a crash names."""
    return sorted({os.path.dirname(os.path.abspath(p)) for paths in sub.binaries.values() for p in paths} |
                  {os.path.dirname(os.path.abspath(p)) for p in sub.unit_files})


def signal_text(sig):
    import signal as signals
    try:
        return f"{signals.Signals(sig).name}"
    except ValueError:
        return f"signal {sig}" if sig else "a signal"


def bats_processes(count):
    """How many bats processes may share a lab's COUNT checks. A check of a program that hangs
    waits out its deadlines (2 to 4 s), idle: a few checks a process bound the time a hanging
    submission costs, whatever the lab. A process costs its start-up (0.2 s of CPU), so no more
    than that, but one per core for a lab graded alone."""
    cores = os.cpu_count() or 1
    return max(-(-count // CHECKS_PER_BATS), min(cores, -(-count // 2)))


def run_loopback(sub, checks, workdir, bindir, tools, env):
    """Runs the lab's bats checks. Every check has a network namespace of its own, so they may
    run at once (one at a time without them). SOCKLAB_JOBS=N deals them out to N bats
    processes. Otherwise one bats process starts with them all, and each time the machine has
    CPU to spare (SpareCpu) a new process takes over a share of the checks that the first one
    has not begun, from the back: up to bats_processes of them, the last share the same as what
    the first keeps, so that on an idle machine each gets as many. Checks that wait, as those
    of a program that hangs do, run side by side; checks that keep the cores busy, as when a
    whole class or every lab is graded, gain nothing from more processes, which would each
    cost their start-up and make every poll of the others wait longer for a CPU (all labs of
    the solutions at once: 16.4 s of CPU with one process a lab, 22.8 s with two)."""
    forced = 1 if env.get("SOCKLAB_NETNS") == "no" else int(os.environ.get("SOCKLAB_JOBS") or 0)
    groups = [checks[i::forced] for i in range(min(forced, len(checks)))] if forced else [list(checks)]
    most = len(groups) if forced else bats_processes(len(checks))
    claims, spare = Claims(os.path.join(workdir, "claims")), SpareCpu()

    def start(n):
        return pool.submit(run_bats, sub, groups[n], os.path.join(workdir, f"bats{n}"), bindir,
                           tools, dict(env, SOCKLAB_CLAIMS=claims.folder, SOCKLAB_BATS_PROCESS=str(n)))

    with ThreadPoolExecutor(max_workers=most) as pool:
        runs = [start(n) for n in range(len(groups))]
        while wait([r for r in runs if not r.done()], timeout=HANDOFF_TICK).not_done:
            if len(runs) == most or not spare.since_last_look():
                continue
            rest = claims.not_begun(groups[0])
            share = len(rest) // (most - len(runs) + 1)
            taken = [c for c in rest[len(rest) - share:] if claims.take(c, len(runs))] if share else []
            if taken:
                for c in taken:
                    groups[0].remove(c)
                groups.append(taken)
                runs.append(start(len(runs)))
    # Each group's checks are read from the output of the process that ran them, once no
    # check can move any more.
    for group, run in zip(groups, runs):
        read_bats_results(group, *run.result())


class Claims:
    """Which bats process of a lab runs each check: a file each, which holds the number of the
    process, made by whoever comes first: the first process as it begins the check (noclobber
    in sl_claim), or the grader as it hands the check to another (O_EXCL here)."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder)

    def path(self, check):
        # The name sl_claim makes of the title: every byte but a letter or a digit as "_".
        return os.path.join(self.folder, re.sub(rb"[^A-Za-z0-9]", b"_", check.title.encode()).decode())

    def not_begun(self, checks):
        return [c for c in checks if not os.path.exists(self.path(c))]

    def take(self, check, process):
        try:
            fd = os.open(self.path(check), os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w") as f:
            f.write(f"{process}\n")
        return True


class SpareCpu:
    """Whether the machine left more than SPARE_CPU of its CPU time idle since the last look
    (/proc/stat)."""

    def __init__(self):
        self.last = self.read()

    @staticmethod
    def read():
        try:
            with open("/proc/stat") as f:
                times = [int(t) for t in f.readline().split()[1:]]
            return times[3] + times[4], sum(times)  # idle and iowait, all
        except (OSError, ValueError, IndexError):
            return None

    def since_last_look(self):
        now, last = self.read(), self.last
        self.last = now
        if not now or not last or now[1] == last[1]:
            return False
        return (now[0] - last[0]) / (now[1] - last[1]) > SPARE_CPU


def run_bats(sub, checks, workdir, bindir, tools, env):
    """Runs a bats process on checks; returns what read_bats_results reads of it."""
    details = os.path.join(workdir, "details")
    os.makedirs(details)
    env = dict(env, SOCKLAB_BIN=bindir, SOCKLAB_PEER=tools["peer"], SOCKLAB_DETAILS=details,
               SOCKLAB_CRASHTRACE=tools.get("crashtrace", ""), SOCKLAB_SOURCES="\n".join(source_folders(sub)),
               SOCKLAB_LIB=LIB, SOCKLAB_SANDBOX=os.path.join(LIB, "sandbox"),
               # What the checks would otherwise fork for: the Python that explains failures
               # (not a version manager's shim found first on PATH), the unit of CPU times.
               SOCKLAB_PYTHON=sys.executable or "python3", SOCKLAB_CLK_TCK=str(os.sysconf("SC_CLK_TCK")),
               BATS_TEST_TIMEOUT="20", TMPDIR=workdir,
               # Bytes, not characters: bash's regular expressions and strings cost a third less
               # CPU in the C locale. Student programs get their own locale (see sandbox).
               LC_ALL="C")
    titles = "|".join(re.escape(c.title) for c in checks)
    command = ["bats", "--tap", "--filter", f"^({titles})$"]
    if env.get("SOCKLAB_NETNS") != "no":
        command = parent_namespace() + command
    rc, out, timed_out = run_contained(command + sub.lab.bats_files(), LOOPBACK_TIMEOUT,
                                       env=env, cwd=workdir)
    return out, timed_out, details


def read_bats_results(checks, out, timed_out, details):
    """Fills in checks from a bats process's TAP output and the details its checks wrote."""
    by_title = {c.title: c for c in checks}
    durations = read_durations(os.path.join(details, "durations"))
    ran = set()
    for line in out.splitlines():
        # Durations come from sl_teardown (see read_durations), not from bats --timing.
        m = re.match(r"(not ok|ok) (\d+) (.*?)(?: # (?:(skip)(?: .*)?|timeout after (\d+)s))?$", line)
        if not m or m[3] not in by_title:
            continue
        check = by_title[m[3]]
        ran.add(check.id)
        check.duration = durations.get(m[2], 0) / 1000
        detail = os.path.join(details, m[2])
        if m[1] == "ok" and not m[4]:
            check.status, check.points = "pass", check.max_points
            continue
        check.status = "fail"
        if m[4]:
            # Only a check another process owns is skipped (sl_claim): never one of this group.
            check.message = "the check was skipped by the bats process that owns it (a grader bug: please report it)"
            check.actual = cap(line)
            continue
        if os.path.isdir(detail):
            for part in ("message", "expected", "actual", "hint"):
                setattr(check, part, cap(inert.read_text(os.path.join(detail, part)), FIELD_MAX))
        elif m[5]:
            # bats killed the check at BATS_TEST_TIMEOUT: its own deadlines never came round.
            check.message = f"the check ran out of its {m[5]} s: the program kept it busy"
            check.actual = cap(bats_failure_text(out, m[2]))
            check.hint = ("a program that prints in an endless loop, or never answers, stalls the "
                          "check: make each step finish")
        else:
            check.message = "the check failed without saying why (a grader bug: please report it)"
            check.actual = cap(bats_failure_text(out, m[2]))
            try:  # where it stopped, as sl_teardown found it
                check.actual = cap(f"it stopped at {inert.read_text(detail + '.stopped')}\n{check.actual}")
            except OSError:
                pass
    for check in checks:
        if check.id not in ran:
            check.status = "fail"
            check.message = "the check did not run" + (" (the run timed out)" if timed_out else "")
            check.actual = cap(out)


def parent_namespace():
    """The command that runs bats in a network namespace of its own, where each check makes its
    own (see sl_netns_new) with a small table of TCP connections: reading /proc/net/tcp, as
    the checks' polls do, walks the whole table, which in the machine's namespace is large
    (1.4 ms a read, a sixth of a grading's CPU time). For a user, bats is root of a user
    namespace there, so the checks need no user namespace each. A kernel without the setting
    (before 6.1) only keeps the large table."""
    size = "echo 128 >/proc/sys/net/ipv4/tcp_child_ehash_entries 2>/dev/null; exec \"$@\""
    # bash, not sh: dash drops the functions bats exports to itself through the environment.
    return own_network_namespace() + ["bash", "-c", size, "bash"]


def own_network_namespace():
    """The command prefix that runs a command in a new network namespace: as root directly,
    as a user inside a user namespace of its own, where the user is root."""
    if os.geteuid() == 0:
        return ["unshare", "--net"]
    return ["unshare", "--user", "--map-root-user", "--net"]


def read_durations(path):
    """The checks' durations in ms by test number, as sl_teardown writes them."""
    durations = {}
    try:
        with open(path) as f:
            for line in f:
                number, _, ms = line.partition(" ")
                if ms.strip().isdigit():
                    durations[number] = int(ms)
    except OSError:
        pass
    return durations


def bats_failure_text(out, number):
    lines, keep = [], False
    for line in out.splitlines():
        if re.match(r"(not ok|ok) \d+ ", line):
            keep = line.startswith(f"not ok {number} ")
        elif keep:
            lines.append(line.lstrip("# "))
    return "\n".join(lines)


def network_namespaces():
    """Whether each loopback check can have a network namespace of its own ("yes"), as the
    bats library makes them; SOCKLAB_NETNS=no forces the fallback."""
    if os.environ.get("SOCKLAB_NETNS") == "no":
        return "no"
    try:
        ok = subprocess.run(own_network_namespace() + ["true"], capture_output=True).returncode == 0
    except OSError:
        ok = False
    return "yes" if ok else "no"


def grade_lab(sub, tools, sandbox_mode, netns, filt):
    lab = sub.lab
    result = LabResult(lab.name, lab.title, sub.source)
    build = Check(id="build", lab=lab.name, title="compiles without errors (-Wall -Wextra)",
                  max_points=0, kind="build")
    units, loops = lab.unit_checks(), lab.loopback_checks()
    if filt:
        units = [c for c in units if re.search(filt, c.title)]
        loops = [c for c in loops if re.search(filt, c.title)]
    result.checks = [build] + units + loops
    workdir = tempfile.mkdtemp(prefix=f"socklab-{lab.number}-")
    try:
        bindir = os.path.join(workdir, "bin")
        os.makedirs(bindir)
        # The grader's own programs run from the work folder too, so that everything a grading
        # starts names that folder in its command line (tests check nothing is left behind).
        os.makedirs(os.path.join(workdir, "tools"))
        for name, path in tools.items():
            shutil.copy(path, os.path.join(workdir, "tools", name))
        tools = {name: os.path.join(workdir, "tools", name) for name in tools}
        env = dict(os.environ, SOCKLAB_SANDBOX_MODE=sandbox_mode, SOCKLAB_NETNS=netns,
                   SOCKLAB_PORTS=" ".join(lab.ports))
        built = build_binaries(sub, build, bindir)
        build_sanitized(sub, built, bindir)
        runnable = []
        for c in loops:
            absent = [sub.absent[n] for n in c.needs if n in sub.absent]
            if absent:
                c.status, c.scored, c.message = "skip", False, absent[0]
            elif not all(n in built for n in c.needs):
                c.status, c.message = "skip", "needs: builds"
            else:
                runnable.append(c)
        for why in sorted(set(sub.absent.values())):
            result.notes.append(f"{why}: the checks that run it are not applicable and out of the score")
        if build.status == "fail":
            # A whole-program file that does not compile is graded out of what a compiling one
            # is: when its text has none of the skeleton's functions, the unit checks could
            # never have applied.
            absent = whole_program_text(sub)
            for c in units:
                if absent:
                    c.status, c.scored, c.message = "skip", False, absent
                else:
                    c.status, c.message = "skip", "needs: builds"
            if units and absent:
                result.notes.append(f"unit checks {absent}; the score counts the loopback checks only")
            units = []
        unit_binary, why_not = build_unit(sub, workdir) if units else (None, None)
        if units and unit_binary is None:
            for c in units:
                c.status, c.scored, c.message = "skip", False, why_not
            result.notes.append(f"unit checks {why_not}; the score counts the loopback checks only")
        jobs = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            if unit_binary:
                jobs.append(pool.submit(run_unit, sub, [c for c in units if c.scored], workdir,
                                        unit_binary, env, tools))
            if runnable:
                jobs.append(pool.submit(run_loopback, sub, runnable, workdir, bindir, tools, env))
            for job in jobs:
                job.result()
        return result
    except Exception:
        if not STOP.reason:
            raise
        return result  # stopped midway: mark_unfinished fails the checks that had not run
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
