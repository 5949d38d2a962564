# Shared by every tests/*.bats file: bats-support and bats-assert, and the grader's paths.
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
GRADE=$ROOT/grader/grade
LABS=$(cd "$ROOT/grader/labs" && ls -d */ | tr -d /)

# grade_json ARG...: grades quietly and writes the JSON results to $BATS_TEST_TMPDIR/r.json.
grade_json() {
	"$GRADE" --quiet --json "$BATS_TEST_TMPDIR/r.json" "$@"
}

# json EXPR: evaluates a Python expression on the JSON results (as `r`).
json() {
	json_of "$BATS_TEST_TMPDIR/r.json" "$1"
}

# json_of FILE EXPR: evaluates a Python expression on the JSON document FILE (as `r`).
json_of() {
	/usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print($2)" "$1"
}

# assert_no_process_left TEXT...: no live process has every TEXT in its command line (what a
# grading starts names its work folder there: the sandbox binds the binaries from it). Zombies
# are dead already: they are not counted.
assert_no_process_left() {
	local stat args text left=()
	while read -r stat args; do
		[[ $stat == Z* ]] && continue
		for text in "$@"; do
			[[ $args == *"$text"* ]] || continue 2
		done
		left+=("$args")
	done < <(ps -eo stat=,args=)
	((${#left[@]} == 0)) || fail "processes left: $(printf '\n  %s' "${left[@]}")"
}

# --- the hostile program that writes outside its scratch (tests/hostile*.bats) -------------

# writes_outside_program SIBLING: writes $BATS_FILE_TMPDIR/writes-outside.c, the hostile program
# aimed at this machine's grader tree, $HOME, /tmp and the sibling submission SIBLING (whose
# content must be "the sibling's secret").
writes_outside_program() {
	sed -e "s|@ROOT@|$ROOT|g" -e "s|@HOME@|$HOME|g" -e "s|@SIBLING@|$1|g" \
		"$ROOT/tests/hostile/03-server-setup/writes-outside.c.in" >"$BATS_FILE_TMPDIR/writes-outside.c"
}

# assert_nothing_written_outside MARKER SIBLING RESULTS: no file of the grader tree or $HOME is
# newer than MARKER with the program's mark, none of its files exists, the sibling is unchanged,
# and its secret appears nowhere in the JSON RESULTS.
assert_nothing_written_outside() {
	run find "$ROOT" "$HOME" -maxdepth 3 -path "$ROOT/.git" -prune -o -newer "$1" -type f \
		! -path "$2" -print
	refute_output --partial hostile
	assert_file_not_exists "$ROOT/hostile-was-here"
	assert_file_not_exists "$HOME/hostile-was-here"
	assert_file_not_exists /tmp/hostile-was-here
	run cat "$2"
	assert_output "the sibling's secret"
	run grep -c STOLEN "$3"
	assert_output 0
}

# --- the HTML reports in a browser (tests/html.bats, tests/class.bats) ----------------------

# Where the browser tests leave their screenshots (and a printed PDF): kept after the run, for
# a person to look at.
SHOTS=${SOCKLAB_TEST_OUTPUT:-/tmp/socklab-test-output}/browser

# browse PAGE NAME [OPTION|EXPRESSION...]: opens PAGE in headless Chromium (tests/browser),
# saves its screenshot as $SHOTS/NAME.png, and checks that the page loaded with no console
# error and asked for nothing outside itself. $output is the JSON of tests/browser; value N
# prints the Nth expression's value.
browse() {
	local page=$1 name=$2
	shift 2
	"$ROOT/grader/deps" browser || fail "Chromium is needed for this test and could not be installed"
	mkdir -p "$SHOTS"
	run "$ROOT/tests/browser" "$page" "$SHOTS/$name.png" "$@"
	assert_success
	BROWSED=$output
	[ "$(value_of problems)" = "[]" ] || fail "the page had problems: $(value_of problems)"
	[ "$(value_of requests)" = "[]" ] || fail "the page asked for: $(value_of requests)"
	assert_file_exists "$SHOTS/$name.png"
}

# value_of KEY | value N: a part of the last browse's JSON; the Nth expression's value.
value_of() {
	/usr/bin/python3 -c 'import json, sys; print(json.dumps(json.loads(sys.argv[1])[sys.argv[2]]))' "$BROWSED" "$1"
}

value() {
	/usr/bin/python3 -c 'import json, sys; v = json.loads(sys.argv[1])["values"][int(sys.argv[2])]; print(v if isinstance(v, str) else json.dumps(v))' "$BROWSED" "$1"
}
