"""Every rendering of the results model, one module per format. Each takes the run
(socklab/results.py) and only reads it; each makes the submission's text inert for its own
format as it renders (socklab/inert.py).

    pretty     the scoreboard `make grade` prints (a terminal, a CI job log)
    tap        TAP 13                          --tap FILE
    json       JSON, grader/results.schema.json --json FILE (what grade class reads)
    junit      JUnit XML (CI test tabs)        --junit FILE
    markdown   Markdown (a CI step summary)    --markdown FILE
    classroom  GitHub Classroom's result line  --classroom FILE
    html       a student's web page, and the class dashboard
"""

from . import classroom, html, json, junit, markdown, pretty, tap  # noqa: F401
