"""JSON, as grader/results.schema.json describes it: what grade class and other tools read."""

import json
from dataclasses import asdict

from .. import results as model

SCHEMA_VERSION = 1


def render(run):
    """The results as JSON; the schema is grader/results.schema.json (see the README)."""
    results, sandbox_mode = run.results, run.isolation
    score = sum(r.score for r in results)
    max_score = sum(r.max_score for r in results)
    doc = {
        "version": SCHEMA_VERSION,
        "status": model.status(run) if run else "pass" if score == max_score else "fail",
        "score": score,
        "max_score": max_score,
        "isolation": sandbox_mode,
    }
    if run:
        doc.update({
            "message": run.error,
            "grader_version": run.grader_version,
            "submission": {"source": run.source, "key": run.key, "files": run.files,
                           "unmapped": [{"path": p, "reason": why} for p, why in run.unmapped],
                           "notes": run.notes},
            "stopped": {"by": run.stopped_by, "reason": run.stopped} if run.stopped else None,
        })
    doc.update({
        "labs": [{"lab": r.lab, "title": r.title, "source": r.source, "score": r.score,
                  "max_score": r.max_score, "notes": r.notes} for r in results],
        "checks": [dict(asdict(c), duration=round(c.duration, 3)) for r in results for c in r.checks],
    })
    # The exact text, escaped as JSON escapes it: every control character as \u00NN (always),
    # and with ensure_ascii every other non-ASCII character too, so the file itself is plain
    # ASCII, inert when printed, and every parser gets the program's output back as it was.
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
