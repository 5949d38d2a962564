"""Intake: which lab, and which of its programs, each file of a submission folder is.

A student hands in either a tree shaped like labs/ (or a clone of their fork, which holds one),
or a folder of single whole-program files named as the course names them:
03.practical.work.server.setup.c, 04.practical.work.client.setup.c, 05.practical.work.server.turn.c
... Real folders misspell the names (partical, pratical, sever), drop the zero ("5." for "05."),
or put the files in a sub-folder (lw5/, PracticalWork3/). The mapping below is driven by the
tables that follow and by each lab's lab.conf (its number and its [binary NAME] programs), so a
new lab is taken in without a change here. Whatever cannot be mapped is listed with the reason.
"""

import hashlib
import os
import re
from dataclasses import dataclass, field

from .labs import GRADER, Lab, UsageError, all_labs, find_lab

ROOT = os.path.dirname(GRADER)  # the kit: its labs/ holds the untouched skeletons

# A program's role, as students write it in file names (lower case), misspellings included.
ROLE_WORDS = {"server": r"serv|sever|srv|svr", "client": r"cli|cleint|clnt"}

# A role from the code, when the name says none: a server listens, a client connects.
ROLE_CALLS = {"server": r"\blisten\s*\(", "client": r"\bconnect\s*\("}

# Files that are not submissions and not worth a line in the report.
IGNORED = r"^(\..*|readme.*|licen[cs]e.*|copying.*|makefile|gnumakefile)$"

# Why a file that is not C source was not graded, by its name (lower case).
NOT_SOURCE = (
    (r"\.(cpp|cc|cxx|c\+\+)$", "C++ source: the labs are built as C (rename it .c if it is C)"),
    (r"\.h$", "a header: each program is built from its one .c file alone"),
    (r"\.(zip|tar|tgz|gz|bz2|xz|rar|7z)$", "an archive: unpack it into the submission folder"),
    (r"(^a\.out|\.o|\.out|\.exe)$", "a compiled file: the grader builds from the source"),
)

# Names of a second copy of a file: the original is graded before them.
COPY_WORDS = r"\(\d+\)|copy|backup|\bold\b|\.bak|~"

KIT_FOLDERS = ("labs", "grader", "tests", "solutions", "bench")  # a fork's own, not the student's
MAX_DEPTH = 2      # files up to two folders below the submission (PracticalWork3/src/server.c)
MAX_ENTRIES = 2000  # entries looked at in one submission (a stray node_modules/ costs little)


def is_inside(path, root):
    """Whether path, with symbolic links resolved, stays inside root: a link to /etc/shadow
    named server.c must not reach the compiler, whose errors would quote it."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top + os.sep)


def why_not_source(path, name):
    for pattern, reason in NOT_SOURCE:
        if re.search(pattern, name):
            return reason
    try:
        with open(path, "rb") as f:
            if f.read(4) == b"\x7fELF":
                return "a compiled program: the grader builds from the source"
    except OSError:
        return "unreadable"
    return "not a C source file"


def keys_of(name, folders):
    """What a file's path says of its lab, most trusted first: the number its name starts with
    ("03.practical...", "5.practical..."), then the words of its name (an unnumbered lab is
    known by its name: "TCPEchoClient.c" is the echo lab's), then a number in its folders,
    nearest first ("lw5", "PracticalWork3"), then any other number in its name
    ("practicalwork3_server"), then the words of its folders."""
    lead = re.match(r"0*(\d+)(?!\d)", name)
    if lead:
        yield int(lead[1])
    yield name
    for folder in folders:
        m = re.search(r"\d+", folder)
        if m:
            yield int(m[0])
    for m in re.finditer(r"\d+", name):
        yield int(m[0])
    for folder in folders:
        yield folder


def lab_of(relpath, labs):
    """(lab, rank of what named it) for a file, or (None, reason). A number that names no lab
    is passed over for the next ("2024_server.c" in lw3/ is lab 03)."""
    parts = relpath.split(os.sep)
    name, folders = parts[-1].lower(), [f.lower() for f in reversed(parts[:-1])]
    by_number = {int(lab.number): lab for lab in labs if lab.number.isdigit()}
    by_name = [lab for lab in labs if not lab.number.isdigit()]
    seen = []
    for rank, key in enumerate(keys_of(name[:-2], folders)):
        if isinstance(key, int):
            if key in by_number:
                return by_number[key], rank
            seen.append(key)
            continue
        for lab in by_name:
            if lab.name.lower() in key:
                return lab, rank
    known = ", ".join(lab.number for lab in labs)
    if seen:
        return None, f"no lab {seen[0]:02d} (labs: {known})"
    return None, f"no lab number in its name or its folder's (labs: {known})"


def named_roles(name):
    """The roles a file's name (lower case) says: ["server"] for "03.practical.work.sever.setup.c"."""
    return [role for role, pattern in ROLE_WORDS.items() if re.search(pattern, name)]


def program_of_file(path, lab):
    """(program, None): which of the lab's programs a whole-program file is: the lab's only
    program, else the one its name says, else the one its code says; or (None, reason)."""
    programs = list(lab.binaries)
    if len(programs) == 1:
        return programs[0], None
    name = os.path.basename(path).lower()
    named = named_roles(name)
    if len(named) == 1:
        matching = [p for p in programs if named[0] in p]
        if len(matching) == 1:
            return matching[0], None
        if not matching:
            return None, (f"named as a {named[0]}, but lab {lab.number} has no {named[0]} "
                          f"(its programs: {', '.join(programs)})")
    try:
        with open(path, errors="replace") as f:
            code = f.read(200000)
    except OSError as e:
        return None, f"unreadable: {e.strerror}"
    roles = [role for role, pattern in ROLE_CALLS.items() if re.search(pattern, code)]
    # A server calls listen(); a client connect() and no listen().
    role = "server" if "server" in roles else roles[0] if roles else None
    matching = [p for p in programs if role and role in p]
    if len(matching) == 1:
        return matching[0], None
    return None, (f"cannot tell which program of lab {lab.number} it is "
                  f"({', '.join(programs)}): put the role in its name, e.g. "
                  f"{lab.number}.practical.work.{programs[0]}.c")


def walk(root, skip):
    """The files of a submission (paths relative to root), up to MAX_DEPTH folders down,
    without hidden folders and the top-level folders in skip. Returns (files, truncated)."""
    found, count = [], 0
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        depth = 0 if rel == "." else rel.count(os.sep) + 1
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and depth < MAX_DEPTH
                         and not (depth == 0 and d in skip))
        for name in sorted(files):
            count += 1
            if count > MAX_ENTRIES:
                return found, True
            found.append(os.path.normpath(os.path.join(rel, name)))
    return found, False


def course_files(root, labs, skip=()):
    """Maps the loose files of a submission folder to labs and programs.

    Returns (taken, unmapped): taken maps (lab name, program) to the one relative path graded
    as that program; unmapped lists (relative path, reason) for every other file worth naming.
    When two files could be the same program, the one whose lab number is read from its own
    name wins over one numbered by its folder, then one whose name says the program's role
    over one that says another, then one not named as a copy ("(1)", "copy"), then the
    shallower, then the shorter name."""
    files, truncated = walk(root, skip)
    candidates, unmapped = {}, []
    for rel in files:
        path = os.path.join(root, rel)
        name = os.path.basename(rel).lower()
        if re.match(IGNORED, name):
            continue
        if os.path.islink(path) and not is_inside(path, root):
            unmapped.append((rel, "a symbolic link to outside the submission: not followed"))
            continue
        if not os.path.isfile(path):
            continue
        if not name.endswith(".c"):
            unmapped.append((rel, why_not_source(path, name)))
            continue
        lab, how = lab_of(rel, labs)
        if lab is None:
            unmapped.append((rel, how))
            continue
        program, why = program_of_file(path, lab)
        if program is None:
            unmapped.append((rel, why))
            continue
        copy = bool(re.search(COPY_WORDS, name))
        roles = named_roles(name)
        misnamed = bool(roles) and not any(role in program for role in roles)
        rank = (how, misnamed, copy, rel.count(os.sep), len(name), rel)
        candidates.setdefault((lab.name, program), []).append((rank, rel))
    taken = {}
    for key, ranked in sorted(candidates.items()):
        ranked.sort()
        taken[key] = ranked[0][1]
        for _, rel in ranked[1:]:
            unmapped.append((rel, f"lab {key[0].split('-')[0]}'s {key[1]} is graded from "
                                  f"'{ranked[0][1]}'"))
    if truncated:
        unmapped.append(("...", f"more than {MAX_ENTRIES} files: the rest were not looked at"))
    return taken, sorted(unmapped)


def is_skeleton(folder, lab, skeletons):
    """Whether every file of a lab folder is the kit's skeleton, untouched."""
    for f in lab.files:
        mine, theirs = os.path.join(skeletons, lab.name, f), os.path.join(folder, f)
        try:
            with open(mine, "rb") as a, open(theirs, "rb") as b:
                if a.read() != b.read():
                    return False
        except OSError:
            return False
    return True


def modified_tests(fork, lab, ours):
    """The files of a lab's checks that a fork holds and that differ from the grader's own."""
    differ = []
    theirs = os.path.join(fork, "grader", "labs", lab.name)
    if not os.path.isdir(theirs):
        return differ
    for name in sorted(os.listdir(ours)):
        mine, other = os.path.join(ours, name), os.path.join(theirs, name)
        if not os.path.isfile(mine) or not os.path.isfile(other):
            continue
        with open(mine, "rb") as a, open(other, "rb") as b:
            if a.read() != b.read():
                differ.append(f"grader/labs/{lab.name}/{name}")
    return differ


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def submission_digest(subs, unmapped, notes):
    """A hash of everything the intake took from a submission: each graded file's lab,
    program and content, and what it could not map. Equal digests grade the same."""
    h = hashlib.sha256()
    for sub in subs:
        files = sorted(set(p for paths in sub.binaries.values() for p in paths) | set(sub.unit_files))
        h.update(f"lab {sub.lab.name}\0".encode())
        for program, paths in sorted(sub.binaries.items()):
            h.update(f"{program}:{','.join(os.path.basename(p) for p in paths)}\0".encode())
        for path in files:
            present = os.path.isfile(path)
            h.update(f"{os.path.basename(path)}\0{file_digest(path) if present else '-'}\0".encode())
        h.update(("\0".join(sub.missing) + "\0" + repr(sorted(sub.absent.items()))).encode())
    for rel, reason in unmapped:
        h.update(f"unmapped {rel}: {reason}\0".encode())
    for note in notes:
        h.update(f"note {note}\0".encode())
    return h.hexdigest()


# --- a submission, as the grader takes it in ------------------------------------------

@dataclass
class Submission:
    lab: Lab
    binaries: dict   # program -> the submitted files it is built from
    unit_files: list  # the submitted files linked with the unit checks
    source: str      # what the report names as the submission
    missing: list = field(default_factory=list)  # files of the lab's skeleton not found
    absent: dict = field(default_factory=dict)   # program -> why it is not submitted
    course_files: bool = False  # whole-program files named for the course, not the lab's folder


def lab_for_file(path, labs):
    """The lab a lone .c file belongs to: the number its name starts with ("03.practical...",
    "5.practical..."), else one in its folder's name ("lw5/client.c"), else one inside its name."""
    folder = os.path.basename(os.path.dirname(os.path.abspath(path)))
    lab, _ = lab_of(os.path.join(folder, os.path.basename(path)), labs)
    return lab


def role_of_file(path, lab):
    """Which of the lab's programs a lone whole-program file is: from the role its name says,
    else the lab's only program, else its code (a file that calls listen() is a server)."""
    program, why = program_of_file(path, lab)
    if program is None:
        raise UsageError(f"'{path}': {why}")
    return program


@dataclass
class Intake:
    """What a submission hands in: the labs to grade, and what could not be graded."""
    subs: list
    unmapped: list = field(default_factory=list)  # (path in the submission, reason)
    notes: list = field(default_factory=list)     # about the submission as a whole


def nothing_to_grade(path, found):
    """Why a submission has nothing to grade, with the first files that could not be mapped."""
    what = "the submission" if path == "." else f"'{path}'"
    why = "; ".join(f"{rel}: {reason}" for rel, reason in found.unmapped[:3])
    lab = all_labs()[0]
    return (f"{what} holds no lab folder (e.g. {lab.name}/) nor any file named for a lab (e.g. "
            f"{lab.number}.practical.work.{next(iter(lab.binaries))}.c)" + (f"; {why}" if why else ""))


def take_in(path, lab_key):
    """Reads a submission: a lone .c file, a tree shaped like labs/ (or a fork's clone, which
    holds labs/), or a folder of course-named files; a lab with both a folder and loose files
    is graded from its folder unless that is the untouched skeleton. Returns an Intake."""
    labs = all_labs()
    wanted = [find_lab(lab_key, labs)] if lab_key else None
    if not os.path.exists(path):
        raise UsageError(f"submission '{path}' does not exist")
    if os.path.isfile(path):
        if not path.endswith(".c"):
            raise UsageError(f"submission '{path}' is not a .c file nor a folder like labs/")
        lab = wanted[0] if wanted else lab_for_file(path, labs)
        if lab is None:
            raise UsageError(f"cannot tell which lab '{os.path.basename(path)}' is for: "
                             "name the lab, e.g. make grade LAB=03 SUBMISSION=...")
        role = role_of_file(path, lab)
        absent = {p: f"not submitted: '{os.path.basename(path)}' is the {role} only"
                  for p in lab.binaries if p != role}
        return Intake([Submission(lab, {role: [path]}, [path], path, absent=absent, course_files=True)])
    folders, fork = path, None
    if not any(os.path.isdir(os.path.join(path, lab.name)) for lab in labs) and \
            os.path.isdir(os.path.join(path, "labs")):
        folders, fork = os.path.join(path, "labs"), path
    skip = KIT_FOLDERS if fork else [lab.name for lab in labs]
    taken, unmapped = course_files(path, labs, skip)
    found = Intake([], unmapped)
    for lab in wanted or labs:
        folder = os.path.join(folders, lab.name)
        loose = {program: rel for (name, program), rel in taken.items() if name == lab.name}
        if os.path.isdir(folder) and loose and is_skeleton(folder, lab, os.path.join(ROOT, "labs")):
            found.notes.append(f"{os.path.relpath(folder, path)}/ is the untouched skeleton: lab "
                               f"{lab.number} is graded from {', '.join(sorted(loose.values()))}")
        elif os.path.isdir(folder):
            found.unmapped += [(rel, f"lab {lab.number} is graded from its folder "
                                     f"{os.path.relpath(folder, path)}/") for rel in loose.values()]
            found.subs.append(folder_submission(lab, folder))
            changed = modified_tests(fork, lab, lab.path) if fork else []
            if changed:
                found.notes.append("tests in the fork were modified (" + ", ".join(changed) +
                                   " differ from the grader's, or are an older version): ignored, "
                                   "the grader's own checks were used")
            continue
        if loose:
            found.subs.append(loose_submission(lab, path, loose))
        elif wanted:
            raise UsageError(f"'{path}' has no folder {lab.name}/ nor any file named for lab "
                             f"{lab.number} (e.g. {lab.number}.practical.work.{next(iter(lab.binaries))}.c)")
    found.unmapped.sort()
    return found


def folder_submission(lab, folder):
    """A lab graded from its folder shaped like labs/NN-name/: the files lab.conf names."""
    files = {f: os.path.join(folder, f) for f in lab.files
             if os.path.isfile(os.path.join(folder, f)) and is_inside(os.path.join(folder, f), folder)}
    missing = [f for f in lab.files if f not in files]
    binaries = {p: [files.get(f, os.path.join(folder, f)) for f in sources]
                for p, sources in lab.binaries.items()}
    unit_files = [files.get(f, os.path.join(folder, f)) for f in lab.unit_sources]
    return Submission(lab, binaries, unit_files, os.path.relpath(folder), missing)


def loose_submission(lab, root, loose):
    """A lab graded from whole-program files, one per program (loose: program -> path)."""
    binaries = {p: [os.path.join(root, rel)] for p, rel in sorted(loose.items())}
    absent = {p: f"not submitted: no file for lab {lab.number}'s {p} was found"
              for p in lab.binaries if p not in loose}
    # One file only: each is a whole program with its own main() and helpers, and two would
    # clash at link time. The unit checks apply when it has the lab's functions.
    unit_files = [paths[0] for p, paths in binaries.items()
                  if set(lab.binaries[p]) & set(lab.unit_sources)][:1]
    source = ", ".join(os.path.relpath(paths[0]) for paths in binaries.values())
    return Submission(lab, binaries, unit_files, source, absent=absent, course_files=True)
