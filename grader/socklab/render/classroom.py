"""GitHub Classroom's autograding result: the `result=BASE64` line its reporter decodes."""

import base64
import json

from .. import inert
from ..results import explanation, outcome, score, status


CLASSROOM_MESSAGE_MAX = 1000  # characters per test: the result travels in an environment
                              # variable, and Linux refuses one over 128 KiB

def classroom_result(run):
    """The result GitHub Classroom's autograding reporter (education/autograding-grading-reporter)
    reads from a runner step: {version, status, max_score, tests: [{name, status, score,
    message, test_code, filename, line_no, execution_time}]}. The reporter adds up the tests'
    scores against max_score; checks out of the score (not applicable) are left out. The
    reporter prints names and messages to the job's log: they are quoted for it."""
    tests = []
    if run.error:
        tests.append({"name": "the submission can be graded", "status": "error", "score": 0,
                      "message": inert.for_terminal(run.error), "test_code": "grader/grade", "filename": "",
                      "line_no": 0, "execution_time": "0.00s"})
    for r in run.results:
        for c in r.checks:
            if not c.scored:
                continue
            what = outcome(c)
            message = explanation(c) if what != "pass" else c.message
            if what == "advice":
                message = "advice (no points): " + message
            if len(message) > CLASSROOM_MESSAGE_MAX:
                message = message[:CLASSROOM_MESSAGE_MAX] + "\n(truncated: the full report is in the job's log)"
            tests.append({"name": inert.for_terminal(f"lab {r.lab}: {c.title}", one_line=True),
                          "status": "pass" if what == "pass" else "fail",
                          "score": c.points, "max_score": c.max_points,
                          "message": inert.for_terminal(message),
                          "test_code": f"{r.lab}/{c.id}", "filename": "", "line_no": 0,
                          "execution_time": f"{c.duration:.2f}s"})
    _, best = score(run)
    return {"version": 1, "status": status(run), "max_score": best, "tests": tests}


def render(run):
    """The line a GitHub Actions step appends to $GITHUB_OUTPUT: result=<base64 of the JSON
    result>, as the classroom's runner actions set their `result` output."""
    data = json.dumps(classroom_result(run), separators=(",", ":"))
    return "result=" + base64.b64encode(data.encode()).decode() + "\n"
