"""The results model: what every stage after the run fills in and every renderer reads.

A Check is one graded check, a LabResult one lab's checks in run order, a Run one run of the
grader (its labs' results and what the submission as a whole brought, or why nothing could be
graded). Nothing here runs or formats: the runners (grader/grade) fill these in, the modules of
socklab/render/ turn them into text.
"""

from dataclasses import dataclass, field


@dataclass
class Check:
    """One graded check: the results model every report format renders."""
    id: str
    lab: str
    title: str
    max_points: int
    kind: str                 # build, unit or loopback
    points: int = 0
    status: str = "skip"      # pass, fail or skip
    message: str = ""
    expected: str = ""
    actual: str = ""
    hint: str = ""
    duration: float = 0.0
    scored: bool = True       # False: not applicable to this submission, out of the score
    needs: list = field(default_factory=list)  # the lab's programs the check runs

    @property
    def advice(self):
        return self.max_points == 0 and self.kind != "build"


@dataclass
class LabResult:
    lab: str
    title: str
    source: str
    checks: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def score(self):
        return sum(c.points for c in self.checks if c.scored)

    @property
    def max_score(self):
        return sum(c.max_points for c in self.checks if c.scored)


@dataclass
class Run:
    """One run of the grader, as every report shows it: the labs' results, and what the
    submission as a whole brought (files not graded, notes), or why nothing could be graded."""
    source: str
    results: list = field(default_factory=list)
    isolation: str = "none"
    files: list = field(default_factory=list)     # {path, lab, program} of each graded file
    unmapped: list = field(default_factory=list)  # (path, reason) of each file not graded
    notes: list = field(default_factory=list)
    key: str = ""            # digest of what was graded and how: equal keys, equal results
    stopped: str = ""        # why grading stopped early
    stopped_by: str = ""     # "time-limit" or "signal"
    error: str = ""          # why nothing could be graded
    grader_version: str = ""  # digest of the grader that made it (see grade.grader_version)


def outcome(check):
    """What a check's result means for a reader: pass, fail, advice (failed, worth nothing),
    skip (not run: something it needs failed) or n/a (out of the score)."""
    if not check.scored:
        return "n/a"
    if check.status == "fail" and check.advice:
        return "advice"
    return check.status


def score(run):
    return sum(r.score for r in run.results), sum(r.max_score for r in run.results)


def status(run):
    """pass (full marks), fail (below) or error (the grader could not grade the input)."""
    if run.error:
        return "error"
    got, best = score(run)
    return "pass" if got == best else "fail"


def explanation(check):
    """A failure in plain text: the message, then what was expected, seen and the hint."""
    parts = [check.message] if check.message else []
    for label, text in (("expected", check.expected), ("seen", check.actual), ("hint", check.hint)):
        if text:
            parts.append(f"{label}: {text}")
    return "\n".join(parts)


NOT_RUN = ("the check did not run", "the unit checks did not run to this check")


def mark_unfinished(results, reason):
    """After a stop: every check not decided yet fails with the reason, out of its points."""
    for r in results:
        for c in r.checks:
            undecided = c.status == "skip" and not c.message and c.scored
            if undecided or (c.status == "fail" and c.message.startswith(NOT_RUN)):
                c.status, c.points = "fail", 0
                c.message = f"not run: {reason}"
                c.expected = c.actual = ""
                c.hint = ("a program that never ends, or waits for what never comes, makes every "
                          "check wait for its deadline: make each step finish or fail")
        r.notes.append(f"grading stopped: {reason}; the checks that had not run count as failed")
