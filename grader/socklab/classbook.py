"""grade class: grades a whole class and writes its gradebook.

    grade class ROSTER OUT [--lab NN] [--filter REGEX] [--jobs N] [--time-limit SECONDS]

Every sub-folder of ROSTER is one student's submission (a clone of their fork, or a folder of
files), named after the student. Each is graded by its own `grade` process, in parallel with
GNU parallel (one job per core unless --jobs; $PARALLEL may add options of parallel's own),
every program in its sandbox and every loopback check in its own network namespace, so fixed
ports never collide. A submission costs at most --time-limit seconds (its checks have their
own deadlines; the limit bounds the whole), plus a backstop for the grader itself.

OUT receives:
    gradebook.csv         a row per student: score per lab, total, build status, notes
    summary.md            what the class did not get: the checks failed by most students
    index.html            the class at a glance, in a browser: a histogram of the scores, per
                          lab the checks lost by most (with the lecture concept of each), a
                          students x checks grid linking to each student's page
    students/NAME.json    each student's results (grader/results.schema.json)
    students/NAME.md      each student's report, in Markdown
    students/NAME.html    each student's report, as a web page
    logs/NAME.log         what the grader printed on stderr while grading them
    logs/joblog           GNU parallel's job log: when each grading started, how long it took

Re-running resumes: a student whose graded files, intake and grader version are unchanged (the
key in their JSON) is not graded again; a grading interrupted by a signal is.
"""

import argparse
import csv
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import time

from socklab import render

from .inert import csv_cell, for_markdown, markdown_cell

DEFAULT_TIME_LIMIT = 120  # seconds per submission: ~100 times what a correct one needs
BACKSTOP = 30             # seconds parallel grants a grader past its own time limit


class Student:
    def __init__(self, name, folder, out):
        self.name, self.folder = name, folder
        self.json = os.path.join(out, "students", name + ".json")
        self.markdown = os.path.join(out, "students", name + ".md")
        self.html = os.path.join(out, "students", name + ".html")
        self.log = os.path.join(out, "logs", name + ".log")
        self.key = None      # what the result of grading them now would be keyed by
        self.result = None   # their results (the JSON document)


def roster(folder, out):
    """The students of a roster folder, and the entries that are not students."""
    students, ignored = [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or os.path.realpath(path) == os.path.realpath(out):
            continue  # hidden, or OUT itself when it is inside ROSTER
        if os.path.isdir(path) and "\n" not in name:
            students.append(Student(name, path, out))
        else:
            ignored.append(f"{name}: not a folder (each student is a folder of ROSTER)")
    return students, ignored


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def reusable(student):
    """A student's earlier result, if it was graded from the same input by the same grader
    with the same options (all in the key), to its end or to the same time limit."""
    doc = load(student.json)
    if not doc or not student.key or not all(os.path.exists(p) for p in (student.markdown, student.html)):
        return None
    if doc.get("submission", {}).get("key") != student.key:
        return None
    if (doc.get("stopped") or {}).get("by") == "signal":
        return None
    return doc


def key_of(student, grade, options):
    """The key grading this student now would give (grade.run_key), or None when the intake
    refuses the folder (such a result is cheap to make again)."""
    try:
        found = grade.take_in(student.folder, options["lab"])
    except (grade.UsageError, OSError):
        return None
    return grade.run_key(found, options)


def job_command(grade_path, roster_dir, out, options):
    """The shell command GNU parallel runs for one student ({} is their folder's name):
    grades them from inside their folder (so reports name their files from there) and
    prints the job number and the grader's exit status."""
    q = shlex.quote
    args = ["--quiet", "--submission", ".", "--time-limit", f"{options['time_limit']:g}"]
    if options["lab"]:
        args += ["--lab", options["lab"]]
    if options["filter"]:
        args += ["--filter", options["filter"]]
    grade = " ".join(q(a) for a in [sys.executable, grade_path] + args)
    students = q(os.path.join(out, "students")) + "/{}"
    return (f"cd {q(roster_dir)}/{{}} && {grade} --json {students}.json --markdown {students}.md "
            f"--html {students}.html "
            f"2>{q(os.path.join(out, 'logs'))}/{{}}.log; echo \"{{#}} $?\"")


class Progress:
    """One line, redrawn in place on a terminal: done/total, below full marks, errors, ETA."""

    def __init__(self, total, stream):
        self.total, self.stream = total, stream
        self.live = stream.isatty() and os.environ.get("TERM") != "dumb"
        self.done = self.below = self.errors = 0
        self.started = time.monotonic()

    def finished(self, status):
        self.done += 1
        self.below += status == 1
        self.errors += status not in (0, 1)
        self.draw()

    def draw(self):
        if not self.live:
            return
        elapsed = time.monotonic() - self.started
        eta = "--:--"
        if self.done:
            left = int(elapsed / self.done * (self.total - self.done))
            eta = f"{left // 60}:{left % 60:02d}"
        line = (f"grading: {self.done}/{self.total} done, {self.below} below full marks, "
                f"{self.errors} errors, ETA {eta}")
        self.stream.write("\r\033[K" + line)
        self.stream.flush()

    def close(self):
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()


def grade_all(students, grade_path, roster_dir, out, options, jobs):
    """Runs GNU parallel over the students; returns their grader's exit statuses."""
    todo = os.path.join(out, ".todo")
    with open(todo, "w") as f:
        f.write("".join(s.name + "\0" for s in students))
    command = ["parallel", "--will-cite", "-0", "-a", todo, "-j", str(jobs),
               "--joblog", os.path.join(out, "logs", "joblog"),
               "--timeout", f"{options['time_limit'] + BACKSTOP:g}",
               job_command(grade_path, roster_dir, out, options)]
    progress = Progress(len(students), sys.stderr)
    progress.draw()
    statuses = {}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit() and parts[1].lstrip("-").isdigit():
                statuses[students[int(parts[0]) - 1].name] = int(parts[1])
                progress.finished(int(parts[1]))
        proc.wait()
    except KeyboardInterrupt:
        # Interrupted parallel ends its running jobs (--termseq: SIGTERM first, which each
        # grader answers by stopping its checks and writing what ran, marked as interrupted).
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=BACKSTOP)
        except subprocess.TimeoutExpired:
            proc.kill()
        raise
    finally:
        progress.close()
        os.unlink(todo)
    return statuses


def failed_result(student, status, grade):
    """The result of a student whose grader left none (it crashed, or parallel killed it)."""
    why = (f"the grader was stopped by GNU parallel after its time limit and {BACKSTOP} s"
           if status is None or status < 0 or status >= 128 else
           f"the grader failed on this submission (exit status {status})")
    run = grade.Run(source=".", error=f"{why}: see logs/{student.name}.log",
                    grader_version=grade.grader_version())
    with open(student.json, "w") as f:
        f.write(render.json.render(run))
    with open(student.markdown, "w") as f:
        f.write(render.markdown.render(run, title=f"socklab: {student.name}"))
    with open(student.html, "w") as f:
        f.write(render.html.render_report(run, title=f"socklab: {student.name}"))
    return load(student.json)


# --- the gradebook and the summary -------------------------------------------------------

def lab_scores(doc):
    return {lab["lab"]: (lab["score"], lab["max_score"]) for lab in doc.get("labs", [])}


def build_status(doc):
    if doc["status"] == "error":
        return "not graded"
    broken = [f"{c['lab'].split('-')[0]}" for c in doc["checks"] if c["id"] == "build" and c["status"] == "fail"]
    return "fails: " + " ".join(broken) if broken else "ok"


def notes_of(doc):
    """The gradebook's notes on a student: anything an instructor should look at."""
    notes = []
    if doc.get("message"):
        notes.append(doc["message"])
    if doc.get("stopped"):
        notes.append(doc["stopped"]["reason"])
    sub = doc.get("submission", {})
    notes += sub.get("notes", [])
    unmapped = sub.get("unmapped", [])
    if unmapped and doc["status"] != "error":  # an error's message names them already
        notes.append("not graded: " + ", ".join(u["path"] for u in unmapped[:3]) +
                     (f" and {len(unmapped) - 3} more" if len(unmapped) > 3 else "") + " (see report)")
    for lab in doc.get("labs", []):
        for note in lab["notes"]:
            if note.startswith("unit checks not applicable"):
                notes.append(f"{lab['lab'].split('-')[0]}: whole-program file, unit checks not applicable")
    return "; ".join(notes)


def gradebook(students, labs):
    """gradebook.csv: student, one "score/max" column per lab ("" when not handed in), the
    total, its percentage, the build status and notes. The texts (a student's folder name,
    notes naming their files) are csv_cell'd: one line each, never read as a formula."""
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\n")
    out.writerow(["student"] + labs + ["total", "percent", "build", "notes"])
    for s in students:
        doc = s.result
        scores = lab_scores(doc)
        got, best = doc["score"], doc["max_score"]
        cells = [f"{scores[lab][0]}/{scores[lab][1]}" if lab in scores else "" for lab in labs]
        percent = f"{100 * got / best:.1f}" if best else "0.0"
        out.writerow([csv_cell(s.name)] + cells + [f"{got}/{best}", percent, csv_cell(build_status(doc)),
                                                   csv_cell(notes_of(doc))])
    return text.getvalue()


def most_failed(students):
    """(lab, id, title, points, failed, applied) per check, most failed first: a check counts
    for a student it was scored for; it failed when it lost points (advice: when it failed)."""
    tally = {}
    for s in students:
        for c in s.result.get("checks", []):
            if not c["scored"] or c["kind"] == "build":
                continue
            key = (c["lab"], c["id"])
            entry = tally.setdefault(key, [c["lab"], c["id"], c["title"], c["max_points"], 0, 0])
            entry[5] += 1
            entry[4] += c["status"] != "pass"
    return sorted(tally.values(), key=lambda e: (-e[4] / e[5], -e[4], e[0], e[1]))


def summary(students, ignored, labs):
    """summary.md: the class at a glance, then what it did not get, check by check."""
    graded = [s for s in students if s.result["status"] != "error"]
    out = ["# Class summary", "",
           f"{len(students)} students: {len(graded)} graded, {len(students) - len(graded)} not gradable.", ""]
    out += ["| lab | handed in | full marks | mean score |", "|---|--:|--:|--:|"]
    for lab in labs:
        scores = [lab_scores(s.result)[lab] for s in graded if lab in lab_scores(s.result)]
        if scores:
            full = sum(1 for got, best in scores if got == best)
            shares = [got / best for got, best in scores if best]
            mean = f"{sum(shares) / len(shares) * 100:.0f}%" if shares else "-"
            out.append(f"| {lab} | {len(scores)} | {full} | {mean} |")
    out += ["", "## What the class did not get", "",
            "Checks by the share of students who failed them (of those they applied to).", "",
            "| failed | lab | check | points |", "|--:|---|---|--:|"]
    for lab, check_id, title, points, failed, applied in most_failed(graded):
        if failed:
            out.append(f"| {failed}/{applied} | {markdown_cell(lab)} | {markdown_cell(title)} (`{check_id}`) "
                       f"| {points or 'advice'} |")
    trouble = to_look_at(students)
    if trouble:
        out += ["", "## Submissions to look at", ""]
        out += [f"- {for_markdown(s.name)}: {for_markdown(notes_of(s.result))}" for s in trouble]
    if ignored:
        out += ["", "## Not graded", ""] + [f"- {for_markdown(i)}" for i in ignored]
    return "\n".join(out) + "\n"


def to_look_at(students):
    """The students whose grading went wrong: not gradable, or stopped early."""
    return [s for s in students if s.result["status"] == "error" or s.result.get("stopped")]


def dashboard(students, ignored, labs, concepts):
    """index.html: the class at a glance (socklab/render/html.py renders it)."""
    graded = [s for s in students if s.result["status"] != "error"]
    return render.html.render_dashboard([(s.name, s.result) for s in students], labs, most_failed(graded),
                                 concepts, [(s.name, notes_of(s.result)) for s in to_look_at(students)],
                                 ignored)


def main(argv, grade):
    parser = argparse.ArgumentParser(prog="grade class", description=__doc__.split("\n")[0])
    parser.add_argument("roster", help="a folder with one sub-folder per student")
    parser.add_argument("out", help="where the gradebook and the reports go")
    parser.add_argument("--lab", help="grade only this lab")
    parser.add_argument("--filter", help="run only the checks whose title matches this regex")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="submissions graded at once (default: one per core)")
    parser.add_argument("--time-limit", type=float, default=float(DEFAULT_TIME_LIMIT), metavar="SECONDS",
                        help=f"at most SECONDS per submission (default {DEFAULT_TIME_LIMIT})")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if not os.path.isdir(args.roster):
            raise grade.UsageError(f"roster '{args.roster}' is not a folder")
        if args.lab:
            args.lab = grade.find_lab(args.lab, grade.all_labs()).number
        if not subprocess.run(["sh", "-c", "command -v parallel"], capture_output=True).stdout:
            raise grade.UsageError("GNU parallel is not installed (make deps installs it)")
    except grade.UsageError as e:
        print(f"grade class: {e}", file=sys.stderr)
        return 2
    roster_dir, out = os.path.abspath(args.roster), os.path.abspath(args.out)
    for sub in ("students", "logs"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    students, ignored = roster(roster_dir, out)
    options = {"lab": args.lab, "filter": args.filter, "time_limit": args.time_limit}
    todo = []
    for s in students:
        s.key = key_of(s, grade, options)
        s.result = reusable(s)
        if s.result is None:
            todo.append(s)
    for s in todo:  # a grader that dies must not leave an older result in place
        for path in (s.json, s.markdown, s.html, s.log):
            if os.path.exists(path):
                os.unlink(path)
    try:
        statuses = grade_all(todo, os.path.join(grade.GRADER, "grade"), roster_dir, out, options,
                             max(1, args.jobs)) if todo else {}
    except KeyboardInterrupt:
        # The graders got the interrupt too: each stops, and the next run grades them again.
        print("\ngrade class: interrupted; run it again to resume", file=sys.stderr)
        return 130
    for s in todo:
        s.result = load(s.json)
        if s.result is None:
            s.result = failed_result(s, statuses.get(s.name), grade)
    labs = sorted({lab["lab"] for s in students for lab in s.result.get("labs", [])} |
                  {lab.name for lab in grade.all_labs() if not args.lab or lab.number == args.lab})
    with open(os.path.join(out, "gradebook.csv"), "w") as f:
        f.write(gradebook(students, labs))
    with open(os.path.join(out, "summary.md"), "w") as f:
        f.write(summary(students, ignored, labs))
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write(dashboard(students, ignored, labs, grade.concepts_of(grade.all_labs())))
    elapsed = time.monotonic() - started
    rate = f", {len(todo) / elapsed:.2f} per second" if todo else ""
    print(f"graded {len(todo)} of {len(students)} submissions ({len(students) - len(todo)} unchanged) "
          f"in {elapsed:.1f} s{rate}: {os.path.join(args.out, 'gradebook.csv')}")
    return 0
