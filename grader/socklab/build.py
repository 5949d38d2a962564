"""Building a submission: gcc's flags, the compiler in the sandbox (grader/lib/sandbox --build),
the build cache, the build check and the compiler's messages explained; the unit-check binary
and the AddressSanitizer builds of a lab's advice check."""

import hashlib
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time

from . import inert
from .inert import cap
from .inert import FIELD_MAX
from .labs import GRADER
from .processes import STOP, run_contained

LIB = os.path.join(GRADER, "lib")
BUILD_TIMEOUT = float(os.environ.get("SOCKLAB_BUILD_TIMEOUT") or 60)  # s a compiler run may take
CACHE_VERSION = "4"  # bump when the way builds are made changes: old cache entries are ignored
CFLAGS = ["-Wall", "-Wextra", "-g"]
MAX_ERRORS = 50        # gcc stops after this many errors (-fmax-errors): a bomb's are endless


def gcc_flags():
    """gcc 14 made implicit declarations and pointer mismatches errors; old course code
    relies on them, so keep them warnings there (-fpermissive) and show them as feedback."""
    try:
        major = int(subprocess.run(["gcc", "-dumpversion"], capture_output=True,
                                   text=True).stdout.split(".")[0])
    except (OSError, ValueError):
        major = 0
    return CFLAGS + (["-fpermissive"] if major >= 14 else [])


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "socklab", "build")


def digest(paths, extra):
    h = hashlib.sha256("\0".join(extra).encode())
    for p in paths:
        h.update(b"\0" + os.path.basename(p).encode() + b"\0")
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:24]


class Sandbox:
    """How the compiler is contained: the sandbox's mode (see grader/lib/sandbox), set once
    by main. Only "bwrap" sandboxes it; the others run it with limits only."""
    mode = "none"


def cached_build(inputs, flags, out_name, command):
    """Runs command (which writes {out}) unless an identical build is cached; returns
    (path of the output or None, compiler text). The inputs are copied into a fresh folder and
    named by their base names, so the compiler speaks of "server.c:6", whoever submitted it;
    it runs in the sandbox (--build), which sees that folder only. The cache is written here,
    by the grader, never from inside the sandbox: outputs are renamed in, so concurrent graders
    never see half-written files."""
    key = digest(inputs, flags + [out_name, gcc_version(), CACHE_VERSION, Sandbox.mode])
    folder = os.path.join(cache_dir(), key)
    out = os.path.join(folder, out_name)
    log = os.path.join(folder, out_name + ".log")
    if os.path.exists(log):
        with open(log) as f:
            text = f.read()
        return (out if os.path.exists(out) else None), text
    os.makedirs(folder, exist_ok=True)
    tmp = tempfile.mkdtemp(dir=folder)
    for path in inputs:
        refused = stage(path, os.path.join(tmp, os.path.basename(path)))
        if refused:
            shutil.rmtree(tmp, ignore_errors=True)
            return None, f"(not built: {refused})"
    staged = [os.path.basename(a) if a in inputs else a.replace("{out}", out_name) for a in command]
    proc = compile_bounded(staged, tmp)
    if proc is None and not STOP.reason:
        # Not cached: a machine busy enough may be the cause, not the code.
        shutil.rmtree(tmp, ignore_errors=True)
        return None, (f"(not built: the compiler was still at work after {BUILD_TIMEOUT} s and was "
                      "stopped; a correct lab file compiles in well under a second: does a macro "
                      "expand without end, a file #include itself, or an array have millions of "
                      "values?)")
    text = proc.stdout if proc else ""
    if proc and proc.returncode != 0 and text.startswith("bwrap: "):
        # The sandbox could not be set up: the machine's fault, not the code's; not cached.
        shutil.rmtree(tmp, ignore_errors=True)
        return None, f"(not built: the compiler's sandbox failed: {cap(text, FIELD_MAX)})"
    if proc is None or proc.returncode < 0 or STOP.reason:
        # Killed by a stop, not refused by the compiler: caching it would fail good code later.
        shutil.rmtree(tmp, ignore_errors=True)
        return None, f"(not built: {STOP.reason or 'the compiler was killed'})"
    built = os.path.join(tmp, out_name)
    if proc.returncode == 0 and not (os.path.lexists(built) and stat.S_ISREG(os.lstat(built).st_mode)):
        # Written from inside the sandbox: only a regular file is taken into the cache (a link
        # there would be followed when the binary is copied out).
        shutil.rmtree(tmp, ignore_errors=True)
        return None, f"(not built: the compiler left no regular file {out_name})"
    if proc.returncode == 0:
        os.replace(built, out)
    with open(os.path.join(tmp, "log"), "w") as f:
        f.write(text)
    os.replace(os.path.join(tmp, "log"), log)
    shutil.rmtree(tmp, ignore_errors=True)
    return (out if proc.returncode == 0 else None), text


def stage(path, dest):
    """Copies one input of a build, never through a symbolic link (a link named server.c may
    point at any file of this machine). Returns why it was refused, or ""."""
    name = os.path.basename(path)
    try:
        # Not blocking either: a FIFO named server.c would wait for a writer for ever.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if os.path.islink(path):
            return f"{name} is a symbolic link: the grader copies files, never what a link points to"
        return f"{name} cannot be read: {e.strerror}"
    with open(fd, "rb") as src:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return f"{name} is not a regular file"
        with open(dest, "wb") as out:
            shutil.copyfileobj(src, out)
    return ""


def compile_bounded(command, cwd):
    """Runs the compiler on the staged build folder cwd, in the sandbox, under a deadline: code
    can make it work for ever (a macro that expands without end, a file that includes itself).
    Its output (stdout and stderr, as one) is read capped, as a program's: a bomb prints
    without end. Returns a CompletedProcess whose stdout is that text, or None when the
    deadline passed (the whole sandbox is killed)."""
    # The mode found once (main): the sandbox need not probe bubblewrap again per compile.
    rc, text, timed_out = run_contained([os.path.join(LIB, "sandbox"), "--build", cwd, "--",
                                         *command], BUILD_TIMEOUT, cwd=cwd,
                                        env=dict(os.environ, SOCKLAB_SANDBOX_MODE=Sandbox.mode))
    if timed_out:
        return None
    # Its messages quote the student's code, bytes that are not UTF-8 included: kept as \xNN.
    return subprocess.CompletedProcess(command, rc, text, "")


_gcc_version = None


def gcc_version():
    global _gcc_version
    if _gcc_version is None:
        _gcc_version = subprocess.run(["gcc", "--version"], capture_output=True,
                                      text=True).stdout.split("\n")[0]
    return _gcc_version


def first_errors(text, count=8):
    """The compiler's first error lines, with their context lines."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if ": error:" in line or "undefined reference" in line:
            return "\n".join(lines[max(0, i - 1):i + count])
    return "\n".join(lines[:count])


# What gcc's most common complaints about course code mean, in plain words. Since gcc 14 the
# first four are errors, not warnings: code that built with an older gcc stops building.
COMPILER_EXPLAINED = [
    (r"implicit declaration of function [‘'](\w+)[’']",
     "{0}() is called without its declaration: #include the header its man page names "
     "(man 3 {0} or man 2 {0}, SYNOPSIS); gcc 14 and later refuse to build this"),
    (r"incompatible pointer type",
     "a pointer of the wrong type is passed: socket calls take a (struct sockaddr *) — cast "
     "&addr, and give accept() a socklen_t *; gcc 14 and later refuse to build this"),
    (r"makes (?:integer from pointer|pointer from integer) without a cast|\[-Wint-conversion\]",
     "an integer and a pointer are mixed up (often a missing #include or a missing &); gcc 14 "
     "and later refuse to build this"),
    (r"type defaults to [‘']int[’']|\[-Wimplicit-int\]",
     "a declaration without a type, old C style: write int main(void), int x; gcc 14 and "
     "later refuse to build this"),
    # The compiler runs in the sandbox (grader/lib/sandbox --build): it sees no other file.
    (r"fatal error: (/[^:\s]+): No such file or directory",
     "{0} is not in your submission: the compiler sees only your own files and the system's "
     "headers; include your own headers by their plain name (\"chat.h\")"),
    (r"Error: file not found: (/\S+)",
     "{0} is not in your submission: the assembler (.incbin) sees only your own files and the "
     "system's"),
    # The sandbox's limits (grader/lib/sandbox --build) stop a compiler that code keeps at work:
    # the compiler's own last words then say which limit, in its terms.
    (r"virtual memory exhausted|out of memory allocating",
     "the compiler used all the memory a build may have and was stopped: does a macro expand "
     "without end, a file #include itself, or an array have millions of values?"),
    (r"(?:Killed|CPU time limit exceeded) signal terminated program",
     "the compiler used all the CPU time a build may have and was stopped: does a macro "
     "expand without end, or a file #include itself?"),
    (r"File size limit exceeded signal terminated program",
     "the compiler wrote more than a build may write and was stopped: does an array have "
     "millions of values?"),
    (r"[‘']return[’'] with no value",
     "return; in a function that returns a value: return one (return -1; on an error)"),
    (r"control reaches end of non-void function",
     "a path through the function ends without return: every path must return a value"),
    (r"format [‘']%\w+[’'] expects argument of type",
     "a printf() format does not match its argument: %d for int, %s for char *, %zd for "
     "ssize_t, %u for unsigned"),
    (r"comparison of integer expressions of different signedness",
     "a signed value (ssize_t from recv) is compared with an unsigned one (size_t, sizeof): "
     "check for -1 first, then cast"),
]


def explain_compiler(text):
    """Plain-word lines for the compiler's messages we know, once each."""
    seen = []
    for pattern, explanation in COMPILER_EXPLAINED:
        for m in re.finditer(pattern, text):
            line = "in plain words: " + explanation.format(*m.groups())
            if line not in seen:
                seen.append(line)
    return "\n".join(seen)


def build_tools():
    """The grader's own programs (the peer), built once per version of their source."""
    peer, text = cached_build([os.path.join(LIB, "peer.c")], ["-O2"], "peer",
                              ["gcc", "-O2", "-Wall", "-o", "{out}", os.path.join(LIB, "peer.c")])
    if peer is None:
        raise RuntimeError("the grader's peer does not build:\n" + text)
    # The crash handler preloaded into student programs (see crashtrace.c). SOCKLAB_CRASHTRACE=off
    # grades without it, for bench/crashtrace-cost to measure what it costs a whole grade.
    if os.environ.get("SOCKLAB_CRASHTRACE") == "off":
        return {"peer": peer}
    trace, text = cached_build([os.path.join(LIB, "crashtrace.c")], ["-O2", "-shared"], "crashtrace.so",
                               ["gcc", "-O2", "-Wall", "-shared", "-fPIC", "-o", "{out}",
                                os.path.join(LIB, "crashtrace.c"), "-ldl"])
    if trace is None:
        raise RuntimeError("the grader's crash handler does not build:\n" + text)
    return {"peer": peer, "crashtrace": trace}


def c_sources(paths):
    """The files of a build that gcc compiles: its headers are only copied beside them."""
    return [p for p in paths if not p.endswith(".h")]


def includes_outside(path):
    """The #include lines of a submitted file that reach outside the submission: an absolute
    path, or one that climbs with "..". Returns "file:line: text" for each."""
    found = []
    for n, line in enumerate(inert.read_text(path).split("\n"), 1):
        if re.match(r'\s*#\s*include\s*[<"]\s*(/|[^>"]*\.\.)', line):
            found.append(f"{os.path.basename(path)}:{n}: {line.strip()}")
    return found


def build_binaries(sub, check, bindir):
    """Builds the lab's programs from the student's files; fills the build check. Returns
    the set of programs built."""
    started = time.monotonic()
    flags = gcc_flags()
    warnings, built, failed = [], set(), []
    if sub.missing:
        check.status = "fail"
        check.message = f"missing file(s): {', '.join(sub.missing)}"
        check.expected = f"{', '.join(sub.lab.files)} in {sub.source}"
        # A link that leads outside the submission is not followed (see folder_submission).
        links = sorted({os.path.basename(p) for paths in sub.binaries.values() for p in paths
                        if os.path.islink(p) and os.path.basename(p) in sub.missing})
        check.actual = "\n".join([f"{name} is a symbolic link to outside the submission: not followed"
                                  for name in links] + (["not found"] if len(links) < len(sub.missing) else []))
        check.hint = f"keep the skeleton's file names in labs/{sub.lab.name}/"
        return built
    outside = [m for p in {p for paths in sub.binaries.values() for p in paths}
               for m in includes_outside(p)]
    if outside:
        # A friendly early word: the sandbox is the guarantee (the compiler sees no file of
        # this machine but the system's headers), this only names the line at fault.
        check.status = "fail"
        check.message = "an #include names a file outside the submission"
        check.expected = "#include <header.h> of the system, or \"file.h\" of your own lab folder"
        check.actual = cap("\n".join(outside))
        check.hint = "include system headers by name (<stdio.h>) and your own headers by their plain name"
        return built
    for binary, paths in sub.binaries.items():
        out, text = cached_build(paths, flags, binary,
                                 ["gcc", *flags, f"-fmax-errors={MAX_ERRORS}", "-o", "{out}",
                                  *c_sources(paths)])
        if out is None:
            failed.append((binary, text))
            continue
        built.add(binary)
        shutil.copy(out, os.path.join(bindir, binary))
        if text.strip():
            warnings.append(text)
    if failed:
        check.status = "fail"
        check.message = " and ".join(b for b, _ in failed) + " do" + ("es" if len(failed) == 1 else "") + " not compile"
        check.expected = "a build without errors"
        check.actual = cap("\n".join(first_errors(t) for _, t in failed))
        check.hint = "\n".join(filter(None, [
            explain_compiler("\n".join(t for _, t in failed)),
            "fix the first error first: later ones often follow from it"]))
    else:
        check.status = "pass"
    if warnings:
        text = "\n".join(warnings)
        check.message += ("\n" if check.message else "") + \
            "compiler warnings (feedback, no points lost):\n" + \
            "\n".join(filter(None, [explain_compiler(text), cap(text)]))
    check.duration = time.monotonic() - started
    return built


def build_sanitized(sub, built, bindir):
    """Builds the programs the lab names in "sanitized" once more, with AddressSanitizer and
    UBSan, into bindir/sanitized/, as build_binaries builds them (cached, the same flags). The
    runtime is linked in (-static-libasan): no link-order check against the LD_PRELOAD that
    stdbuf adds. A program that does not build so is left out: its advice check says so. The
    check runs them together: nothing is built unless all of them were."""
    if not sub.lab.sanitized or not set(sub.lab.sanitized) <= built:
        return
    folder = os.path.join(bindir, "sanitized")
    os.makedirs(folder, exist_ok=True)
    flags = gcc_flags() + ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-static-libasan"]
    for binary in sub.lab.sanitized:
        paths = sub.binaries[binary]
        out, _ = cached_build(paths, flags, binary, ["gcc", *flags, "-o", "{out}", *c_sources(paths)])
        if out is not None:
            shutil.copy(out, os.path.join(folder, binary))


def whole_program_text(sub):
    """For course files that do not build: the reason their unit checks are not applicable when
    their text has none of the lab's functions (whole-program files), else None."""
    functions = sub.lab.unit_functions
    if not functions or not sub.course_files:
        return None
    paths = sub.unit_files or [p for paths in sub.binaries.values() for p in paths]
    text = ""
    for path in c_sources(paths):
        try:
            with open(path, errors="replace") as f:
                text += f.read()
        except OSError:
            continue
    if any(re.search(rf"\b{re.escape(name)}\s*\(", text) for name in functions):
        return None
    return ("not applicable: the submission has no " +
            ", ".join(f"{name}()" for name in sorted(functions)) + " (a whole-program submission)")


def build_unit(sub, workdir):
    """Links the student's files (main renamed) with the lab's unit checks. Returns
    (binary, None), or (None, reason) when the submission has not the lab's functions."""
    flags = gcc_flags()
    objects = []
    headers = [p for p in sub.unit_files if p not in c_sources(sub.unit_files)]
    for path in c_sources(sub.unit_files):
        name = os.path.basename(path)
        obj, text = cached_build([path] + headers, flags + ["-c", "unit"], name + ".o",
                                 ["gcc", *flags, f"-fmax-errors={MAX_ERRORS}",
                                  "-Dmain=socklab_student_main", "-c", "-o", "{out}", path])
        if obj is None:
            return None, "does not compile"
        objects.append(obj)
    # Copied into the build folder beside the objects, unit.h included: the sandboxed compiler
    # sees none of the grader's tree.
    checks = [os.path.join(sub.lab.path, "unit.c"), os.path.join(LIB, "unit_support.c"),
              os.path.join(LIB, "unit.h")]
    out, text = cached_build(objects + checks, flags, "unit",
                             ["gcc", *flags, "-o", "{out}", *objects, *checks[:2],
                              "-pthread", "-lcriterion"])
    if out is None:
        undefined = sorted(set(re.findall(r"undefined reference to `(\w+)'", text)))
        if undefined:
            return None, ("not applicable: the submission has no " +
                          ", ".join(f"{u}()" for u in undefined) + " (a whole-program submission)")
        raise RuntimeError(f"the unit checks of lab {sub.lab.number} do not build:\n{cap(text)}")
    os.makedirs(os.path.join(workdir, "unit"))
    binary = os.path.join(workdir, "unit", "unit")
    shutil.copy(out, binary)
    return binary, None
