"""Why a program ended: the line where it crashed, and the classic socket fault behind an end.

The grader preloads grader/lib/crashtrace.so into every student program it runs; on a crash
it records the return addresses (see crashtrace.c). where() maps them to file:line and
function with addr2line, outside the sandbox. cause() names the classic fault that what the
grader saw points to (the signal, the exit status, the program's error messages, the
connections the check saw), from the one table CAUSES, used by every lab: the unit checks
through grader/grade, the loopback checks through `explain.py` called by socklab.bash.

socklab.bash starts this file once for every failure it explains: it imports no more than it
needs at start-up (no argparse, no dataclasses, subprocess only to run addr2line), which makes
a start 23 ms instead of 81.
"""

import os
import re
import sys

SIGPIPE, SIGSEGV, SIGABRT, SIGFPE, SIGBUS = 13, 11, 6, 8, 7
FRAMES_SHOWN = 3


def read_traces(path):
    """The crash records of a trace file: dicts with signal, check ("suite.name" or "") and
    frames [(kind, offset)], kind "pc", "ret" or "lib"."""
    records = []
    try:
        with open(path, errors="replace") as f:
            lines = f.read(64 * 1024).splitlines()
    except OSError:
        return records
    for line in lines:
        words = line.split()
        if words[:1] == ["crash"] and len(words) == 3 and words[1].isdigit():
            records.append({"signal": int(words[1]), "check": "", "frames": []})
        elif not records or not words:
            continue
        elif words[0] == "check" and len(words) == 3:
            records[-1]["check"] = f"{words[1]}.{words[2]}"
        elif words[0] in ("pc", "ret") and len(words) == 2 and re.fullmatch(r"[0-9a-f]{1,16}", words[1]):
            records[-1]["frames"].append((words[0], int(words[1], 16)))
        elif words == ["lib"]:
            records[-1]["frames"].append(("lib", 0))
    return records


class Frame:
    def __init__(self, function, file, line, in_library=False):
        self.function = function
        self.file = file  # base name, as the student knows it
        self.line = line
        self.in_library = in_library  # the innermost frame: the crash was in a library function it called


def student_frames(binary, frames, files=None):
    """The frames of a record in the student's own code, innermost first (addr2line); and
    whether the crash itself happened in a library function they called. files: the base
    names of the student's sources (the unit binary also holds the grader's checks)."""
    in_library = bool(frames) and frames[0][0] == "lib"
    # A return address points after its call: the call's line is the byte before.
    addresses = [hex(off if kind == "pc" else off - 1) for kind, off in frames if kind != "lib"]
    if not addresses:
        return [], in_library
    import subprocess
    try:
        out = subprocess.run(["addr2line", "-f", "-e", binary, *addresses], capture_output=True,
                             text=True, errors="replace", timeout=10).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return [], in_library
    found = []
    for function, place in zip(out[0::2], out[1::2]):
        m = re.match(r"(.*):(\d+)", place)
        if not m:
            continue
        name = os.path.basename(m[1])
        if files is not None and name not in files:
            continue
        found.append(Frame("main" if function == "socklab_student_main" else function, name, int(m[2])))
    return found, in_library


def source_line(frame, folders):
    """The text of the frame's line in the student's file, found in one of folders."""
    for folder in folders:
        try:
            with open(os.path.join(folder, frame.file), errors="replace") as f:
                for n, text in enumerate(f, 1):
                    if n == frame.line:
                        return text.strip()[:160]
        except OSError:
            continue
    return ""


def where_text(frames, in_library):
    """ "in f() at server.c:12, called from main() at server.c:30" """
    if not frames:
        return ""
    parts = [f"{f.function}() at {f.file}:{f.line}" for f in frames[:FRAMES_SHOWN]]
    text = ("in a C library function called by " if in_library else "in ") + parts[0]
    return text + "".join(f", called from {p}" for p in parts[1:])


def where(binary, trace, signal, folders=(), files=None, check=None):
    """(where text, source line, innermost student frame) of the last crash by signal in
    trace (of the unit check check, if given); empty when nothing was recorded."""
    records = [r for r in read_traces(trace) if r["signal"] == signal and
               (check is None or r["check"] == check)]
    if not records:
        return "", "", None
    frames, in_library = student_frames(binary, records[-1]["frames"], files)
    if not frames:
        return "", "", None
    frames[0].in_library = in_library
    text = source_line(frames[0], folders)
    return where_text(frames, in_library), (f"{frames[0].file}:{frames[0].line}: {text}" if text else ""), frames[0]


# --- the classic causes ---------------------------------------------------------------------

class Facts:
    """What the grader saw of a program's end."""
    def __init__(self, signal=0, status=-1, text="", args=-1, connections="unknown", attempts=(),
                 lab_ports=(), listening=(), line="", at="", in_library=False):
        self.signal = signal            # the signal it died of, 0 if none
        self.status = status            # its exit status if it exited, -1 if not (or unknown)
        self.text = text                # what it printed (stderr, then stdout)
        self.args = args                # how many arguments it was given, -1 unknown
        self.connections = connections  # "none": no TCP connection attempt seen in the check; "seen"
        self.attempts = list(attempts)  # "address:port" it tried to connect to
        self.lab_ports = list(lab_ports)  # the lab's ports, e.g. ["8784"]
        self.listening = list(listening)  # ports listening in the check
        self.line = line                # the source text of the line where it crashed
        self.at = at                    # "server.c:12" where it crashed
        self.in_library = in_library    # inside a C library function called there


def said(facts, pattern):
    return re.search(pattern, facts.text, re.I | re.M) is not None


CONNECT_FAILED = r"(can ?not|could ?n[o']?t|unable to|failed to|fail(ed)? to) connect|connect\w*\W.*(refused|failed|error)|connection (refused|failed)"


def other_ports(facts):
    """The ports it tried to connect to that are not the lab's, sorted; none if it tried a lab's."""
    ports = {a.rsplit(":", 1)[-1] for a in facts.attempts}
    if not facts.lab_ports or ports & set(facts.lab_ports):
        return []
    return sorted(ports)


def swapped(port):
    p = int(port)
    return str((p & 0xff) << 8 | p >> 8)


# (test on the facts, the fault in plain words, what to change), first match wins. The words
# are the lecture's: socket(), bind(), listen(), accept(), connect(), htons().
CAUSES = [
    (lambda f: said(f, r"\baccept\w*\W.*(Invalid argument|EINVAL)"),
     "accept() failed with EINVAL: the socket it was given never called listen()",
     "call listen(sockfd, backlog) after bind() and before accept(): accept() takes only a listening socket"),
    # After a refused connect() the watch saw its attempt (to a port where nothing listened):
    # what it printed says the connection failed, whatever was seen.
    (lambda f: f.signal == SIGPIPE and said(f, CONNECT_FAILED),
     lambda f: "connect() failed and the program went on (its message above): it sent on the "
               "unconnected socket, SIGPIPE (send() fails with EPIPE)" +
               (f"; it tried port {', '.join(other_ports(f))}, where nothing listens, and the lab's "
                f"server listens on port {f.lab_ports[0]}" if other_ports(f) else
                "; no connection attempt reached a server" if f.connections == "none" else ""),
     lambda f: "when connect() returns -1, print why (perror(\"connect\")) and stop: return 1 from "
               "main, do not send" + (f"; and connect to port {f.lab_ports[0]}: sin_port = "
                                      f"htons({f.lab_ports[0]})" if other_ports(f) else "")),
    (lambda f: f.signal == SIGPIPE and f.connections == "none",
     "it sent on a TCP socket that was never connected: SIGPIPE (send() fails with EPIPE); "
     "no connection attempt was seen",
     "call connect(sockfd, (struct sockaddr *)&addr, sizeof(addr)) and check it returned 0 before the first send()"),
    (lambda f: f.signal == SIGPIPE,
     "it wrote to a connection the other side had already closed: SIGPIPE (send() fails with EPIPE)",
     "when recv() returns 0 the other side has left: close that socket and stop writing to it "
     "(send(..., MSG_NOSIGNAL) turns the signal into an EPIPE error you can check)"),
    (lambda f: f.attempts and f.lab_ports and said(f, r"refused|ECONNREFUSED") and
     not any(a.rsplit(":", 1)[-1] in f.lab_ports for a in f.attempts),
     lambda f: f"connect() was refused (ECONNREFUSED): it tried port {', '.join(sorted({a.rsplit(':', 1)[-1] for a in f.attempts}))}, "
               f"where nothing listens; the lab's server listens on port {f.lab_ports[0]}",
     lambda f: f"connect to port {f.lab_ports[0]}: sin_port = htons({f.lab_ports[0]})"),
    (lambda f: said(f, r"Address already in use|EADDRINUSE"),
     "bind() failed with EADDRINUSE: the port is taken, by another copy of the program still "
     "running, or by the last run's connections waiting out TIME_WAIT",
     "setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) before bind(), and stop the earlier copy"),
    (lambda f: any(swapped(p) in f.listening for p in f.lab_ports),
     lambda f: f"it listens on port {swapped(f.lab_ports[0])}, which is {f.lab_ports[0]} with its two bytes swapped",
     lambda f: f"the port in sin_port must be in network byte order: sin_port = htons({f.lab_ports[0]})"),
    (lambda f: f.signal == SIGSEGV and f.args == 0 and (not f.line or "argv" in f.line),
     lambda f: "it was run without an argument, so argv[1] is NULL, and " +
               (f"{f.at} uses it" if f.at else "the program used it"),
     "test argc before reading argv[1]: if (argc < 2), read the hostname from stdin (or print a usage line and return 1)"),
    (lambda f: f.args == 0 and f.status > 0 and
     said(f, r"unknown host|resolve|lookup|not known|gethostbyname|no such host|host not found"),
     "the name it read from stdin did not resolve: fgets() keeps the '\\n' at the end of the line, "
     "and gethostbyname(\"localhost\\n\") finds no host",
     "cut the line at its end before the lookup: name[strcspn(name, \"\\r\\n\")] = '\\0'"),
    (lambda f: f.status == 0 and said(f, CONNECT_FAILED),
     "it said it could not connect, then exited with status 0, which tells the shell it succeeded",
     "after a failed connect(), return 1 from main (or exit(EXIT_FAILURE))"),
    (lambda f: said(f, r"Socket operation on non-socket|ENOTSOCK"),
     "a call was given a descriptor that is not a socket (ENOTSOCK): often fd = socket(...) < 0 "
     "without parentheses, which stores 0 (stdin) in fd",
     "write if ((fd = socket(AF_INET, SOCK_STREAM, 0)) < 0), with the assignment in parentheses"),
    (lambda f: said(f, r"Transport endpoint is not connected|ENOTCONN"),
     "send() or recv() on a socket that is not connected (ENOTCONN): on a server, the listening "
     "socket instead of the one accept() returned",
     "talk to the client through the descriptor accept() returns, not the listening one"),
    (lambda f: said(f, r"Bad file descriptor|EBADF"),
     "a call was given a descriptor that is not open (EBADF): closed already, or never set",
     "close each socket once, after its last use; the listening socket stays open while the server runs"),
    (lambda f: f.signal == SIGSEGV and f.in_library,
     lambda f: "a C library function" + (f" called at {f.at}" if f.at else "") + " was given a bad pointer",
     "is one of its arguments NULL (an unchecked result of gethostbyname(), malloc() or a missing "
     "argv[1]?), or a buffer too small for what it writes?"),
    (lambda f: f.signal == SIGSEGV,
     lambda f: "a bad pointer was used" + (f" at {f.at}" if f.at else ""),
     "is a pointer there NULL (an unchecked result of gethostbyname() or malloc()?), or does an index run past its array's end?"),
    (lambda f: f.signal == SIGABRT,
     "abort(): an assert() failed, or the C library found its heap corrupted (a buffer overrun or a double free())",
     lambda f: (f"look at {f.at} and before it: " if f.at else "") + "is a buffer written past its end?"),
    (lambda f: f.signal == SIGFPE,
     lambda f: "an integer division by zero" + (f" at {f.at}" if f.at else ""),
     "test the divisor before dividing"),
    (lambda f: f.signal == SIGBUS,
     "a bad memory access (SIGBUS)", "look for a pointer cast to the wrong type or past a mapping's end"),
]


def cause(facts):
    """(the fault, the hint) of the first entry of CAUSES that the facts match, or None."""
    for test, fault, hint in CAUSES:
        if test(facts):
            return (fault(facts) if callable(fault) else fault), (hint(facts) if callable(hint) else hint)
    return None


# --- memory errors, as AddressSanitizer and UBSan report them ---------------------------------

class MemoryFault:
    def __init__(self, what, tool, frame=None, text=""):
        self.what = what    # "a write of 1 byte just past the end of 'buf' (line 12, 256 bytes)"
        self.tool = tool    # "AddressSanitizer: stack-buffer-overflow", "UBSan"
        self.frame = frame  # the innermost frame in the student's code
        self.text = text    # its source line


def student_frame(report, folders):
    """The innermost "#N 0x... in FUNCTION PATH:LINE" frame of report in a file of folders."""
    for m in re.finditer(r"#\d+ 0x[0-9a-f]+ in (\S+) (\S+?):(\d+)", report):
        frame = Frame(m[1], os.path.basename(m[2]), int(m[3]))
        if any(os.path.isfile(os.path.join(d, frame.file)) for d in folders):
            return frame
    return None


def asan_error(text, folders):
    """The first AddressSanitizer error report in text, or None."""
    start = text.find("ERROR: AddressSanitizer: ")
    if start == -1:
        return None
    report = text[start:]
    kind = re.match(r"ERROR: AddressSanitizer: ([\w-]+)", report)[1]
    access = re.search(r"^(READ|WRITE) of size (\d+)", report, re.M)
    what = (f"a {access[1].lower()} of {access[2]} byte{'s' if access[2] != '1' else ''}"
            if access else kind.replace("-", " "))
    variable = re.search(r"'([^']+)' \(line (\d+)\) <== Memory access at offset \d+ (\w+)", report)
    region = re.search(r"located (\d+) bytes? (to the right|to the left|inside) of (\d+)-byte region", report)
    if variable:
        where = "just past the end of" if variable[3] == "overflows" else "just before"
        what += f" {where} '{variable[1]}' (declared at line {variable[2]})"
    elif region:
        what += (f" {region[1]} bytes past the end of a {region[3]}-byte block from malloc()"
                 if region[2] == "to the right" else f" outside a {region[3]}-byte block from malloc()")
    elif kind == "heap-use-after-free":
        what += " in memory already given back with free()"
    return MemoryFault(what, f"AddressSanitizer: {kind}", student_frame(report, folders))


def ubsan_error(text, folders):
    """The first UBSan "runtime error" in a student's file, or None."""
    for m in re.finditer(r"^(\S+?):(\d+):\d+: runtime error: (.*)$", text, re.M):
        frame = Frame("", os.path.basename(m[1]), int(m[2]))
        if any(os.path.isfile(os.path.join(d, frame.file)) for d in folders):
            rest = text[m.end():m.end() + 2000]
            inner = student_frame(rest, folders)
            frame.function = inner.function if inner and inner.line == frame.line else ""
            return MemoryFault(m[3].strip()[:200], "UBSan", frame)
    return None


def memory_error(text, folders):
    """The first memory error the sanitizers reported in text (ASan first: it stops the
    program, UBSan goes on), with its source line; None if none."""
    found = asan_error(text, folders) or ubsan_error(text, folders)
    if found and found.frame:
        found.text = source_line(found.frame, folders)
    return found


def memory_text(found):
    """ "AddressSanitizer: stack-buffer-overflow: a write of 1 byte ... at server.c:42, in main()" """
    at = ""
    if found.frame:
        at = f", at {found.frame.file}:{found.frame.line}" + \
            (f" in {found.frame.function}()" if found.frame.function else "")
    return f"{found.tool}: {found.what}{at}"


# --- command line (socklab.bash) ------------------------------------------------------------

class Arguments:
    """The command line: WHAT (where, hint or memory), then --option VALUE pairs."""
    NUMBERS = {"signal": 0, "status": -1, "args": -1}
    WORDS = {"binary": "", "trace": "", "connections": "unknown", "attempts": "", "lab_ports": "",
             "listening": ""}

    def __init__(self, argv):
        if not argv or argv[0] not in ("where", "hint", "memory"):
            raise SystemExit("usage: explain.py where|hint|memory [--option VALUE]...")
        self.what, self.text_file = argv[0], []
        for name, default in {**self.NUMBERS, **self.WORDS}.items():
            setattr(self, name, default)
        options = argv[1:]
        if len(options) % 2:
            raise SystemExit(f"explain.py: {options[-1]} wants a value")
        for option, value in zip(options[0::2], options[1::2]):
            name = option[2:].replace("-", "_")
            if not option.startswith("--") or not (name in self.NUMBERS or name in self.WORDS or
                                                   name == "text_file"):
                raise SystemExit(f"explain.py: unknown option {option}")
            if name == "text_file":
                self.text_file.append(value)
            elif name in self.NUMBERS:
                try:
                    setattr(self, name, int(value))
                except ValueError:
                    raise SystemExit(f"explain.py: {option} wants a number, not {value!r}")
            else:
                setattr(self, name, value)


def main(argv):
    args = Arguments(argv)
    folders = [d for d in os.environ.get("SOCKLAB_SOURCES", "").split("\n") if d]
    at, line, frame = ("", "", None)
    if args.signal and args.binary and args.trace:
        at, line, frame = where(args.binary, args.trace, args.signal, folders)
    if args.what == "where":
        print("\n".join(filter(None, [at, line])))
        return 0
    text = ""
    for path in args.text_file:
        try:
            with open(path, errors="replace") as f:
                text += f.read(256 * 1024) + "\n"
        except OSError:
            pass
    if args.what == "memory":
        found = memory_error(text, folders)
        if found:
            print(memory_text(found))
            if found.text:
                print(f"{found.frame.file}:{found.frame.line}: {found.text}")
        return 0
    facts = Facts(signal=args.signal, status=args.status, text=text, args=args.args,
                  connections=args.connections, attempts=args.attempts.split(),
                  lab_ports=args.lab_ports.split(), listening=args.listening.split(),
                  line=line.split(": ", 1)[-1] if line else "",
                  at=f"{frame.file}:{frame.line}" if frame else "",
                  in_library=bool(frame and frame.in_library))
    found = cause(facts)
    if found:
        print(f"{found[0]}: {found[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
