# socklab.bash - the one helper library of the grader's loopback checks (bats).
#
# Every check runs in a network namespace of its own, made by sl_setup and shared by the
# student's programs and the grader's peer, so port 8784 is always free and no check sees
# another's connections or TIME_WAIT sockets. Student programs run in the sandbox (own PID
# namespace, limits) with stdout line-buffered, as on a terminal. Nothing here sleeps for a
# fixed time: every wait polls a condition under a deadline. sl_teardown kills and reaps all.
#
# Set by the grader: SOCKLAB_BIN (the student's binaries), SOCKLAB_PEER (the grader's peer
# program), SOCKLAB_SANDBOX (grader/lib/sandbox), SOCKLAB_DETAILS (where failure details go).

SL_NET_HOLDER=""        # pid of the process that keeps this check's network namespace alive
SL_NSENTER=()           # the command that runs a program inside that namespace
declare -A SL_PID=()    # program name -> pid (a process-group leader)
declare -A SL_STDIN=()  # program name -> fd of the writer end of its stdin FIFO
SL_POLL_FD=""           # an fd that never has data: `read -t` on it is a sleep without a fork

# Polling intervals of every wait, in seconds: short first (most conditions hold within a few
# milliseconds), then SL_TICK, so a long wait costs little CPU.
readonly SL_TICKS=(0.001 0.002 0.004 0.008) SL_TICK=0.01
readonly SL_SHOW_MAX=1500  # at most this many characters of a program's output in a report

setup() {
	sl_setup
}

teardown() {
	sl_teardown
}

sl_setup() {
	SL_RUN=$BATS_TEST_TMPDIR
	exec {SL_POLL_FD}<> <(:)
	sl_netns_new || fail_check "the grader could not create a network namespace for this check" \
		"a private network namespace" "unshare failed" \
		"this is the grader's problem, not yours: tell your teaching assistant"
}

sl_teardown() {
	local name
	for name in "${!SL_PID[@]}"; do
		stop "$name"
	done
	if [[ -n $SL_NET_HOLDER ]]; then
		kill -KILL "$SL_NET_HOLDER" 2>/dev/null
		wait "$SL_NET_HOLDER" 2>/dev/null
	fi
	return 0
}

# sl_tick [N]: sleeps the N-th polling interval of a wait.
sl_tick() {
	read -r -t "${SL_TICKS[${1:-9}]:-$SL_TICK}" -u "$SL_POLL_FD" || true
}

# Prints the time in microseconds.
sl_now_us() {
	echo "${EPOCHREALTIME/./}"
}

# wait_until SECONDS COMMAND [ARG...]: runs COMMAND each tick until it succeeds (returns 0)
# or SECONDS pass (returns 1). SECONDS may have a fraction, e.g. 0.5.
wait_until() {
	local seconds=$1 whole frac deadline tick=0
	shift
	whole=${seconds%.*}
	frac=000000
	[[ $seconds == *.* ]] && frac=${seconds#*.}000000
	deadline=$(($(sl_now_us) + ${whole:-0} * 1000000 + 10#${frac:0:6}))
	while :; do
		"$@" && return 0
		(($(sl_now_us) < deadline)) || return 1
		sl_tick $((tick++))
	done
}

# --- network namespace -------------------------------------------------------------------

sl_in_own_netns() {
	[[ $(readlink "/proc/$SL_NET_HOLDER/ns/net" 2>/dev/null) != "$(readlink /proc/$$/ns/net)" ]]
}

# Creates this check's network namespace, with loopback up; returns 1 if it cannot.
sl_netns_new() {
	local unshare_opts=(--net) nsenter_opts=(--net)
	if ((EUID != 0)); then
		unshare_opts+=(--user --map-root-user)
		nsenter_opts+=(--user)
	fi
	unshare "${unshare_opts[@]}" sleep infinity </dev/null >/dev/null 2>&1 3>&- &
	SL_NET_HOLDER=$!
	wait_until 2 sl_in_own_netns || return 1
	SL_NSENTER=(nsenter --target "$SL_NET_HOLDER" "${nsenter_opts[@]}" --)
	"${SL_NSENTER[@]}" ip link set lo up
}

# net COMMAND [ARG...]: runs a grader command (a peer, a probe) in this check's namespace.
net() {
	"${SL_NSENTER[@]}" "$@"
}

# peer ARG...: the grader's peer program (see grader/lib/peer.c) in this check's namespace.
peer() {
	net "$SOCKLAB_PEER" "$@"
}

# --- student programs --------------------------------------------------------------------

# spawn NAME [--grader] [--stdin] [--] PROGRAM [ARG...]: starts a student program in the
# background, in the sandbox and this check's namespace (with --grader: a trusted grader
# program, in the namespace only). Its stdout and stderr go to files read by output_of and
# errors_of. With --stdin its standard input is a FIFO fed by feed and closed by close_stdin;
# without, it reads /dev/null.
spawn() {
	local name=$1 stdin=/dev/null fd contain=("$SOCKLAB_SANDBOX" --scratch "$SL_RUN/$1.scratch" --ro "$SOCKLAB_BIN" -- stdbuf -oL)
	shift
	if [[ ${1-} == --grader ]]; then
		contain=()
		shift
	fi
	if [[ ${1-} == --stdin ]]; then
		stdin=$SL_RUN/$name.in
		mkfifo "$stdin"
		# Read-write open does not block; the program's read open then finds a writer.
		exec {fd}<>"$stdin"
		SL_STDIN[$name]=$fd
		shift
	fi
	[[ ${1-} == -- ]] && shift
	mkdir -p "$SL_RUN/$name.scratch"
	unset 'SL_STATUS[$name]'
	(
		# The program must hold no writer of its own stdin, or it would never see end of file.
		for fd in "${SL_STDIN[@]}" "$SL_POLL_FD"; do
			exec {fd}>&-
		done
		exec setsid "${SL_NSENTER[@]}" "${contain[@]}" "$@"
	) <"$stdin" >"$SL_RUN/$name.out" 2>"$SL_RUN/$name.err" 3>&- &
	SL_PID[$name]=$!
}

# feed NAME TEXT: writes TEXT (printf %b escapes allowed) to the program's standard input.
feed() {
	printf '%b' "$2" >&"${SL_STDIN[$1]}"
}

# close_stdin NAME: the program's next read of standard input sees end of file.
close_stdin() {
	local fd=${SL_STDIN[$1]}
	exec {fd}>&-
	unset 'SL_STDIN[$1]'
}

# has_exited NAME: whether the program has ended (a zombie counts as ended).
has_exited() {
	local stat
	# read, not $(<...): a failing command substitution would trip bats' ERR trap.
	{ read -r stat <"/proc/${SL_PID[$1]}/stat"; } 2>/dev/null || return 0
	stat=${stat##*) }
	[[ ${stat%% *} == Z ]]
}

is_running() {
	! has_exited "$1"
}

# exit_status NAME: reaps an ended program and prints its exit status (128+N: signal N).
exit_status() {
	local status=0
	[[ -n ${SL_STATUS[$1]-} ]] && { echo "${SL_STATUS[$1]}"; return; }
	wait "${SL_PID[$1]}" 2>/dev/null || status=$?
	SL_STATUS[$1]=$status
	echo "$status"
}
declare -A SL_STATUS=()

# program_pids NAME: the pids of the program and what it started, without the sandbox's own.
program_pids() {
	local pids=("${SL_PID[$1]}") pid file kids child comm
	while ((${#pids[@]})); do
		pid=${pids[0]}
		pids=("${pids[@]:1}")
		for file in /proc/"$pid"/task/*/children; do
			kids=()
			{ read -r -a kids <"$file"; } 2>/dev/null || true
			for child in "${kids[@]}"; do
				pids+=("$child")
				comm=""
				{ read -r comm <"/proc/$child/comm"; } 2>/dev/null || continue
				[[ $comm == bwrap || $comm == unshare || $comm == nsenter ]] || echo "$child"
			done
		done
	done
}

# is_idle NAME: the program is running and every one of its threads is blocked (state S), in
# accept(), recv(), read() of stdin or the like: it has done all it does before its next event.
is_idle() {
	local pid task stat seen=0
	for pid in $(program_pids "$1"); do
		for task in /proc/"$pid"/task/*; do
			{ read -r stat <"$task/stat"; } 2>/dev/null || continue
			stat=${stat##*) }
			[[ ${stat%% *} == S ]] || return 1
			seen=1
		done
	done
	((seen))
}

# wait_idle NAME SECONDS: waits until the program is idle (see is_idle).
wait_idle() {
	wait_until "$2" is_idle "$1"
}

# wait_exit NAME SECONDS: waits for the program to end; returns 1 if it is still running.
wait_exit() {
	wait_until "$2" has_exited "$1"
}

# stop NAME: ends the program and everything it started, and reaps it.
stop() {
	local pid=${SL_PID[$1]}
	if is_running "$1"; then
		kill -TERM -- "-$pid" 2>/dev/null
		wait_until 1 has_exited "$1" || kill -KILL -- "-$pid" 2>/dev/null
	fi
	exit_status "$1" >/dev/null
	unset 'SL_PID[$1]'
}

output_of() {
	cat "$SL_RUN/$1.out"
}

errors_of() {
	cat "$SL_RUN/$1.err"
}

line_count() {
	local n=0 line
	while IFS= read -r line || [[ -n $line ]]; do
		((n++))
	done <"$SL_RUN/$1.out"
	echo "$n"
}

# has_new_line NAME COUNT: whether the program printed more than COUNT lines (a final line
# without '\n' does not count: it has not been flushed as a line). Reads no further than line
# COUNT+1, so a program that floods its output does not make each poll slower than the last.
has_new_line() {
	local n=0 line
	while IFS= read -r line; do
		((++n > $2)) && return 0
	done <"$SL_RUN/$1.out"
	return 1
}

# wait_output NAME ERE SECONDS: waits for a line of the program's stdout matching ERE.
wait_output() {
	wait_until "$3" grep -qE -- "$2" "$SL_RUN/$1.out"
}

# --- the socket table --------------------------------------------------------------------

# Prints an address of /proc/net/tcp{,6} (hex, host order words) as text.
sl_hex_ip() {
	local hex=$1
	if ((${#hex} == 8)); then
		printf '%d.%d.%d.%d' $((16#${hex:6:2})) $((16#${hex:4:2})) $((16#${hex:2:2})) $((16#${hex:0:2}))
	elif [[ $hex == 00000000000000000000000000000000 ]]; then
		printf '[::]'
	elif [[ $hex == 0000000000000000FFFF0000* ]]; then
		printf '[::ffff:'; sl_hex_ip "${hex:24:8}"; printf ']'
	else
		printf '[%s]' "$hex"
	fi
}

# listeners: prints "ADDRESS:PORT" for every listening TCP socket of this check's namespace.
listeners() {
	local table sl local remote st rest
	for table in "/proc/$SL_NET_HOLDER/net/tcp" "/proc/$SL_NET_HOLDER/net/tcp6"; do
		while read -r sl local remote st rest; do
			[[ $st == 0A ]] || continue
			printf '%s:%d\n' "$(sl_hex_ip "${local%:*}")" $((16#${local##*:}))
		done <"$table"
	done
}

is_listening() {
	listeners | grep -q ":$1\$"
}

# wait_listen PORT SECONDS: waits until something listens on PORT. Read from the socket table:
# a probe connection would be an extra client of the program under test.
wait_listen() {
	wait_until "$2" is_listening "$1"
}

# --- reporting ---------------------------------------------------------------------------

# sl_cap TEXT: TEXT, cut to SL_SHOW_MAX characters with a note when longer.
sl_cap() {
	if ((${#1} > SL_SHOW_MAX)); then
		printf '%s\n(truncated: %d characters in all)' "${1:0:SL_SHOW_MAX}" "${#1}"
	else
		printf '%s' "$1"
	fi
}

# signal_name N: "SIGSEGV (Segmentation fault)" for 11.
signal_name() {
	local name
	name=$(kill -l "$1" 2>/dev/null) || name="signal $1"
	case $name in
	SEGV) echo "SIGSEGV (segmentation fault: a bad pointer or an array overrun)" ;;
	ABRT) echo "SIGABRT (abort: a failed assert() or a corrupted heap)" ;;
	PIPE) echo "SIGPIPE (wrote to a connection the other side had closed)" ;;
	XFSZ) echo "SIGXFSZ (wrote more output than the grader allows)" ;;
	XCPU) echo "SIGXCPU (used more CPU time than the grader allows)" ;;
	*) echo "SIG$name" ;;
	esac
}

# crash_signal NAME: prints the signal that killed the ended program; returns 1 if none did.
# The sandbox reports a death by signal N as status 128+N, as the shell does; a program may
# also exit(255) (return -1 from main), so only the signals of a crash or a limit count.
crash_signal() {
	local status
	has_exited "$1" || return 1
	status=$(exit_status "$1")
	case $((status - 128)) in
	4 | 5 | 6 | 7 | 8 | 11 | 13 | 24 | 25 | 31) echo $((status - 128)) ;;
	*) return 1 ;;
	esac
}

# describe_end NAME: how the program ended, in words, if it has; with the end of its output.
describe_end() {
	local status sig err out
	if is_running "$1"; then
		echo "it is still running"
	elif sig=$(crash_signal "$1"); then
		echo "it crashed with $(signal_name "$sig")"
	else
		status=$(exit_status "$1")
		case $status in
		255) echo "it exited with status 255 (return -1 from main)" ;;
		*) echo "it exited with status $status" ;;
		esac
	fi
	err=$(errors_of "$1")
	out=$(output_of "$1")
	[[ -n $err ]] && printf 'its stderr:\n%s\n' "$(sl_cap "$err")"
	if [[ -n $out ]]; then
		printf 'its stdout:\n%s' "$(sl_cap "$out")"
	else
		printf 'its stdout: nothing'
	fi
}

# crash_hint NAME DEFAULT: a hint for a crashed program, else DEFAULT.
crash_hint() {
	if crash_signal "$1" >/dev/null; then
		echo "run it under gdb (gdb ./prog, then run and bt) or build it with -fsanitize=address to see the faulty line"
	else
		echo "$2"
	fi
}

# fail_check SUMMARY EXPECTED SEEN HINT: records why this check failed, for the report, and
# returns 1 so the check fails on the spot.
fail_check() {
	local dir=$SOCKLAB_DETAILS/$BATS_TEST_NUMBER
	mkdir -p "$dir"
	printf '%s' "$BATS_TEST_DESCRIPTION" >"$dir/title"
	printf '%s' "$1" >"$dir/message"
	printf '%s' "$2" >"$dir/expected"
	printf '%s' "$3" >"$dir/actual"
	printf '%s' "$4" >"$dir/hint"
	return 1
}
