# grade class: a whole class graded in batch with GNU parallel, its gradebook, reports, summary,
# resuming, and the time bound of a submission that never ends.
#
# The class of 20 (tests/class/make-roster) is graded once for the file, with the fixture labs
# of tests/fixtures/labs (lab 03, and stand-ins for labs 04, 05, 08 and echo), so the expected
# gradebook does not change when a lab is added to the kit.

load test_helper

setup_file() {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs
	"$ROOT/tests/class/make-roster" "$BATS_FILE_TMPDIR/roster"
	"$ROOT/grader/grade" class "$BATS_FILE_TMPDIR/roster" "$BATS_FILE_TMPDIR/out" \
		>"$BATS_FILE_TMPDIR/first-run" 2>&1
}

setup() {
	export SOCKLAB_LABS=$ROOT/tests/fixtures/labs
	ROSTER=$BATS_FILE_TMPDIR/roster
	OUT=$BATS_FILE_TMPDIR/out
}

# a_class NAME STUDENT=FOLDER...: a small roster of the time-limit fixture's submissions.
a_class() {
	local roster=$BATS_TEST_TMPDIR/$1 pair
	shift
	for pair in "$@"; do
		mkdir -p "$roster/${pair%%=*}"
		cp -r "$ROOT/tests/fixtures/time-limit/${pair#*=}/09-never-ends" "$roster/${pair%%=*}/"
	done
}

@test "a class of 20 is graded in batch, and its gradebook is the expected one" {
	run cat "$BATS_FILE_TMPDIR/first-run"
	assert_output --regexp '^graded 20 of 20 submissions \(0 unchanged\) in [0-9.]+ s, [0-9.]+ per second: '
	run diff -u "$ROOT/tests/class/expected-gradebook.csv" "$OUT/gradebook.csv"
	assert_success
}

@test "every student gets a Markdown report, an HTML page and JSON results that follow the schema" {
	local n
	n=$(ls "$ROSTER" | wc -l)
	[ "$(ls "$OUT"/students/*.md | wc -l)" -eq "$n" ]
	[ "$(ls "$OUT"/students/*.json | wc -l)" -eq "$n" ]
	[ "$(ls "$OUT"/students/*.html | wc -l)" -eq "$n" ]
	run "$ROOT/tests/schema-check" "$ROOT/grader/results.schema.json" "$OUT"/students/*.json
	assert_success
	run head -1 "$OUT/students/nora.md"
	assert_output "# socklab: 8/25"
	grep -q '^#### ❌ server listens on TCP port 8784 within 2 s (0/3)' "$OUT/students/nora.md"
}

@test "the class summary lists the checks most students failed first, with their share" {
	run grep -E '^\| [0-9]+/[0-9]+ \|' "$OUT/summary.md"
	assert_success
	# Shares never increase down the table.
	printf '%s\n' "${lines[@]}" | awk -F'[| /]+' '{ share = $2 / $3; if (NR > 1 && share > last + 1e-9) exit 1; last = share }'
	assert_line --index 0 --regexp '^\| 6/15 \| 03-server-setup \| '
	grep -q '^- gus: the submission holds no lab folder' "$OUT/summary.md"
}

@test "the class dashboard loads in Chromium: a histogram, the checks lost per lab with their concept, a grid linking to every student's page, sorted by score" {
	browse "$OUT/index.html" class-dashboard \
		'document.querySelectorAll("#grid tbody tr").length' \
		'document.querySelectorAll("svg.histogram rect").length' \
		'Array.from(document.querySelectorAll("svg.histogram text.count")).reduce((n, t) => n + parseInt(t.textContent), 0)' \
		'document.querySelector("table.lost tbody tr td.concept").textContent' \
		'Array.from(document.querySelectorAll("#grid tbody td.student a")).map(a => a.getAttribute("href")).join(" ")' \
		'(document.querySelector("#grid button[data-sort=score]").click(), Array.from(document.querySelectorAll("#grid tbody tr")).slice(0, 1).map(r => r.dataset.name + " " + r.querySelector(".total").textContent).join())' \
		'(document.querySelector("#grid button[data-sort=name]").click(), document.querySelector("#grid tbody tr").dataset.name)' \
		'document.querySelector("tr[data-name=nora] td.cell.fail").title'
	assert_equal "$(value 0)" 20
	assert_equal "$(value 1)" 11
	assert_equal "$(value 2)" 16  # the students graded (4 could not be)
	[ -n "$(value 3)" ] && [ "$(value 3)" != "—" ]
	local href
	for href in $(value 4); do
		assert_file_exists "$OUT/$href"
	done
	[[ $(value 5) == "ada 25/25" ]]
	assert_equal "$(value 6)" ada
	assert_equal "$(value 7)" "open_listenfd binds the requested port, in network byte order: lost points"
	browse "$OUT/index.html" class-dashboard-phone --width 390 'document.documentElement.scrollWidth <= window.innerWidth'
	assert_equal "$(value 0)" true
}

@test "re-running grades nothing when nothing changed, and writes the same gradebook" {
	local before
	before=$(stat -c %Y "$OUT"/students/*.json | md5sum)
	run "$GRADE" class "$ROSTER" "$OUT"
	assert_success
	assert_output --regexp '^graded 0 of 20 submissions \(20 unchanged\) in '
	[ "$(stat -c %Y "$OUT"/students/*.json | md5sum)" = "$before" ]
	run diff -u "$ROOT/tests/class/expected-gradebook.csv" "$OUT/gradebook.csv"
	assert_success
}

@test "a student whose file changed is graded again, and only they are" {
	cp -r "$ROSTER" "$BATS_TEST_TMPDIR/roster"
	cp -r "$OUT" "$BATS_TEST_TMPDIR/out"
	cp "$ROOT/tests/mutants/03-server-setup/exits-on-reset.c" "$BATS_TEST_TMPDIR/roster/cleo/03.practical.work.server.setup.c"
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_success
	assert_output --regexp '^graded 1 of 20 submissions \(19 unchanged\) in '
	run grep '^cleo,' "$BATS_TEST_TMPDIR/out/gradebook.csv"
	assert_output "cleo,23/25,,,,,,23/25,92.0,ok,"
}

@test "a change to the grader's checks grades everyone again" {
	a_class roster ann=ends
	cp -rL "$ROOT/tests/fixtures/labs" "$BATS_TEST_TMPDIR/labs"
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_output --regexp '^graded 1 of 1 submissions \(0 unchanged\)'
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_output --regexp '^graded 0 of 1 submissions \(1 unchanged\)'
	export SOCKLAB_LABS=$BATS_TEST_TMPDIR/labs
	printf '# a comment changes the grader\n' >>"$SOCKLAB_LABS/09-never-ends/never-ends.bats"
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_output --regexp '^graded 1 of 1 submissions \(0 unchanged\)'
}

@test "a submission that never ends costs the class its time limit, and leaves nothing running" {
	a_class roster ann=hangs bob=ends
	export TMPDIR=$BATS_TEST_TMPDIR # the gradings' work folders: what is left running is theirs
	local start=$SECONDS
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out" --time-limit 3
	assert_success
	((SECONDS - start < 20))
	run cat "$BATS_TEST_TMPDIR/out/gradebook.csv"
	assert_line "ann,,,,,0/1,,0/1,0.0,ok,the time limit of one submission ran out (3 s)"
	assert_line "bob,,,,,1/1,,1/1,100.0,ok,"
	run pgrep -f "$TMPDIR/socklab-09-"
	assert_failure
}

@test "a grading stopped by the time limit is kept on a re-run with the same limit" {
	a_class roster ann=hangs
	"$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out" --time-limit 2
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out" --time-limit 2
	assert_output --regexp '^graded 0 of 1 submissions \(1 unchanged\)'
}

@test "the progress line is drawn on a terminal, and only there" {
	a_class roster ann=ends bob=ends
	TERM=xterm run "$ROOT/tests/on-a-terminal" "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_success
	local drawn=$output
	# The gradebook first: should a grading on a terminal ever go wrong, its notes say why.
	run cat "$BATS_TEST_TMPDIR/out/gradebook.csv"
	assert_line "ann,,,,,1/1,,1/1,100.0,ok,"
	assert_line "bob,,,,,1/1,,1/1,100.0,ok,"
	output=$drawn
	assert_output --partial "grading: 2/2 done, 0 below full marks, 0 errors"
	rm -r "$BATS_TEST_TMPDIR/out"
	run "$GRADE" class "$BATS_TEST_TMPDIR/roster" "$BATS_TEST_TMPDIR/out"
	assert_success
	refute_output --partial "grading:"
	assert_output --regexp '^graded 2 of 2 submissions'
}

@test "a roster that is not a folder is refused with a message" {
	run "$GRADE" class /nonexistent "$BATS_TEST_TMPDIR/out"
	assert_failure 2
	assert_output "grade class: roster '/nonexistent' is not a folder"
}
