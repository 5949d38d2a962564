"""The labs the grader knows: grader/labs/NN-name/ (or $SOCKLAB_LABS, for the grader's own
tests), each with its lab.conf (what to build), unit.c (Criterion checks), *.bats (loopback
checks) and concepts (the lecture concept each check tests)."""

import configparser
import os
import re

from .results import Check

GRADER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABS = os.path.abspath(os.environ.get("SOCKLAB_LABS") or os.path.join(GRADER, "labs"))


class UsageError(Exception):
    """Bad input from the user: reported in one line, exit status 2."""


class Lab:
    """A lab as the grader knows it: grader/labs/NN-name/, or grader/labs/NAME/ for a lab
    outside the course's numbering, whose key is then its name ("echo")."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.number = self.name.split("-")[0]  # "03", or the whole name of an unnumbered lab
        conf = configparser.ConfigParser()
        conf.read(os.path.join(path, "lab.conf"))
        self.title = conf.get("lab", "title")
        self.files = conf.get("lab", "files").split()
        self.binaries = {s.split()[1]: conf.get(s, "sources").split()
                         for s in conf.sections() if s.startswith("binary ")}
        self.unit_sources = conf.get("unit", "sources", fallback="").split()
        self.unit_functions = conf.get("unit", "functions", fallback="").split()
        # The fixed ports the lab's programs use, checked free when checks share the host's.
        self.ports = conf.get("lab", "ports", fallback="").split()
        # The programs built a second time with AddressSanitizer and UBSan, for an advice check.
        self.sanitized = conf.get("lab", "sanitized", fallback="").split()
        self.concepts = read_concepts(os.path.join(path, "concepts"))

    def unit_checks(self):
        """Criterion checks, from their one-line CHECK(suite, name, points, "title")."""
        source = os.path.join(self.path, "unit.c")
        if not os.path.exists(source):
            return []
        pattern = re.compile(r'^CHECK\((\w+),\s*(\w+),\s*(\d+),\s*"((?:[^"\\]|\\.)*)"\)')
        checks = []
        with open(source) as f:
            for line in f:
                m = pattern.match(line)
                if m:
                    checks.append(Check(id=f"{m[1]}.{m[2]}", lab=self.name, title=m[4],
                                        max_points=int(m[3]), kind="unit"))
        return checks

    def bats_files(self):
        return sorted(os.path.join(self.path, f) for f in os.listdir(self.path)
                      if f.endswith(".bats"))

    def loopback_checks(self):
        """bats checks, from the "# bats test_tags=id:ID,points:N[,needs:PROG[:PROG]]" line above
        each @test; a check needs all the lab's programs unless it names the ones it runs
        (separated by ':', as bats allows only letters, digits, '-', '_' and ':' in a tag)."""
        checks = []
        for path in self.bats_files():
            tags = None
            with open(path) as f:
                for line in f:
                    m = re.match(r"#\s*bats test_tags=(.*)", line)
                    if m:
                        tags = dict(t.strip().split(":", 1) for t in m[1].split(",") if ":" in t)
                        continue
                    m = re.match(r'@test\s+"((?:[^"\\]|\\.)*)"', line)
                    if m:
                        if not tags or "id" not in tags or "points" not in tags:
                            raise RuntimeError(f"{path}: @test \"{m[1]}\" has no id/points tags")
                        needs = tags.get("needs", ":".join(self.binaries)).split(":")
                        unknown = [n for n in needs if n not in self.binaries]
                        if unknown:
                            raise RuntimeError(f"{path}: @test \"{m[1]}\" needs unknown program(s) {unknown}")
                        checks.append(Check(id=tags["id"], lab=self.name, title=m[1],
                                            max_points=int(tags["points"]), kind="loopback",
                                            needs=needs))
                        tags = None
        return checks


def read_concepts(path):
    """A lab's concepts file: check id, a tab, the lecture concept it tests, a line each (as
    the handout's tables say); # starts a comment. {} when the lab has none."""
    concepts = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    check_id, _, concept = line.rstrip("\n").partition("\t")
                    concepts[check_id.strip()] = concept.strip()
    return concepts


def concepts_of(labs):
    """(lab name, check id) -> lecture concept, over labs."""
    return {(lab.name, check_id): concept for lab in labs for check_id, concept in lab.concepts.items()}


def all_labs():
    return [Lab(os.path.join(LABS, d)) for d in sorted(os.listdir(LABS))
            if os.path.exists(os.path.join(LABS, d, "lab.conf"))]


def find_lab(key, labs):
    """The lab named by "03", "3" or "03-server-setup" (or "echo", an unnumbered lab's name)."""
    key = key.strip()
    for lab in labs:
        if key in (lab.name, lab.number) or (key.isdigit() and lab.number.isdigit() and
                                             int(key) == int(lab.number)):
            return lab
    names = ", ".join(lab.number for lab in labs)
    raise UsageError(f"no lab called '{key}' (labs: {names})")
