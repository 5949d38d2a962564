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
