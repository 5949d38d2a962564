# Every buggy submission in tests/mutants/LAB/ loses points on exactly the checks that
# expect.tsv names for it, and every correct variant written differently loses none.

load test_helper

@test "lab 03 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 03-server-setup
	echo "$output"
	assert_success
}

@test "lab 04 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 04-client-setup
	echo "$output"
	assert_success
}

@test "lab 05 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 05-turn-chat
	echo "$output"
	assert_success
}

@test "lab 06 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 06-turn-delim
	echo "$output"
	assert_success
}

@test "lab 07 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 07-turn-delim-close
	echo "$output"
	assert_success
}

@test "lab 08 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 08-nonblock
	echo "$output"
	assert_success
}

@test "lab 09 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 09-multiplex
	echo "$output"
	assert_success
}

@test "lab 10 mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" 10-threads
	echo "$output"
	assert_success
}

@test "lab echo mutants each lose points on their own checks, correct variants lose none" {
	run "$ROOT/tests/mutants/verify" echo
	echo "$output"
	assert_success
}
