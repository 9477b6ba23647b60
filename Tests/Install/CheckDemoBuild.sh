#!/usr/bin/env bash
# The README's first command (install the demo profile, build faltung-render, render
# the demo) must work on a machine that has only what `.ci/install-deps demo` puts
# there. This machine has the test tools too, so the check is made on what the
# command really uses: it runs the README's command, after its install step, on a
# fresh copy of the sources with Catch2 hidden (as on a demo machine, the tests are
# then left out), under strace, and every file that any process of it opened or
# executed must belong to a Debian package of the demo profile, to one those depend
# on, or to the base system (Essential or Priority: required). A file under /usr,
# /lib, /bin, /sbin or /opt that no package owns fails too (something installed by
# hand that a fresh machine lacks).
#
# Then the test command's configure (-DFALTUNG_BUILD_TESTS=ON, as in the README and
# CI) with Catch2 hidden must stop and say which tool is missing and how to get it.
#
# usage: CheckDemoBuild.sh SOURCE_DIR SCRATCH_DIR
set -euo pipefail

source_dir=$(realpath "$1")
scratch=$2
rm -rf "$scratch"
mkdir -p "$scratch/src"
scratch=$(realpath "$scratch")

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# The README's commands, from the README itself, so that this follows it.
readme_command() {
    local start=$1
    grep -E "^$start" "$source_dir/README.md" | head -n 1
}
demo=$(readme_command '\.ci/install-deps demo && ')
tests=$(readme_command '\.ci/install-deps test && ')
[[ -n "$demo" ]] || fail "README.md has no line starting with '.ci/install-deps demo && '"
[[ -n "$tests" ]] || fail "README.md has no line starting with '.ci/install-deps test && '"
echo "README's demo command: $demo"

# A fresh copy of the sources: what a clone has, no build folders.
(cd "$source_dir" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 cp --parents -t "$scratch/src")

# The commands after the install step, with Catch2 hidden from CMake.
hide="-DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON"
build_steps=${demo#.ci/install-deps demo && }
build_steps=${build_steps//cmake -S . -B build/cmake -S . -B build $hide}
[[ "$build_steps" == *"$hide"* ]] || fail "the demo command does not configure with 'cmake -S . -B build'"

echo "Running under strace: $build_steps"
trace="$scratch/trace"
(cd "$scratch/src" && strace -f -qq -o "$trace" -e trace=execve,open,openat -e status=successful \
    bash -c "$build_steps") > "$scratch/demo.log" 2>&1 || {
    cat "$scratch/demo.log"
    fail "the README's demo command failed with the test tools hidden"
}
tail -n 8 "$scratch/demo.log"
grep -q "Tests and benchmark: not built" "$scratch/demo.log" ||
    fail "the demo configure did not say that the tests are left out"
[[ -s "$scratch/src/demo-wet.wav" ]] || fail "the demo render wrote no demo-wet.wav"

# Which packages may provide what the demo build used.
mapfile -t demo_packages < <("$source_dir/.ci/install-deps" --list demo)
allowed="$scratch/allowed-packages"
{
    apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks \
        --no-replaces --no-enhances "${demo_packages[@]}" 2>/dev/null | grep -v '^ ' | tr -d '<>'
    dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' | awk '$2 == "yes" || $3 == "required" { print $1 }'
} | sort -u > "$allowed"

# Every absolute path opened or executed, and where it leads, but for what programs
# read when it is there and do without when not (a fresh machine has none of them):
#  - binutils (ar, ranlib, ld) load every plugin in lib/bfd-plugins, with the
#    plugin's own libraries: clang's LLVMgold when clang is installed;
#  - ld reads every file in /etc/ld.so.conf.d;
#  - glibc reads locale data and message catalogs (package locales).
used="$scratch/used-files"
awk '
    match($0, /^[0-9]+ +(execve|open|openat)\((AT_FDCWD, )?"\/[^"]*"/) {
        pid = $1; path = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", path); sub(/"$/, "", path)
        if (path ~ /\/bfd-plugins\//) { loadsPlugin[pid] = 1; next }
        if (pid in loadsPlugin && path ~ /\.so(\.[0-9]+)*$/) next
        if (path ~ /^\/etc\/ld\.so\.conf\.d\// || path ~ /^\/usr\/(share|lib)\/locale\//) next
        print path
    }' "$trace" | sort -u |
    while read -r path; do
        [[ -f "$path" ]] || continue # directories, and files made and removed during the build
        printf '%s\t%s\n' "$path" "$(realpath "$path")"
    done > "$used"
echo "$(wc -l < "$used") files opened or executed by the demo build and render"

# Owner of each file: Debian 12 merges /bin, /sbin and /lib into /usr, and dpkg knows
# each file under the name its package ships, so both names are looked up.
awk -F'\t' '
    function norm(p) { return p ~ /^\/usr\/(bin|sbin|lib|lib32|lib64|libx32)\// ? substr(p, 5) : p }
    FILENAME ~ /allowed-packages$/ { allowed[$1] = 1; next }
    FILENAME ~ /\.list$/ {
        pkg = FILENAME; sub(/.*\//, "", pkg); sub(/\.list$/, "", pkg); sub(/:.*/, "", pkg)
        owner[norm($0)] = owner[norm($0)] " " pkg; next
    }
    {
        path = $1; real = $2
        who = owner[norm(real)]; if (who == "") who = owner[norm(path)]
        if (who == "") {
            if (real ~ /^\/(usr|lib|lib64|bin|sbin|opt)\//) print "no package owns " real " (used as " path ")"
            next
        }
        n = split(who, pkgs, " "); ok = 0
        for (i = 1; i <= n; i++) if (pkgs[i] in allowed) ok = 1
        if (!ok) print path " is from" who ", which the demo profile does not install"
    }
' "$allowed" /var/lib/dpkg/info/*.list "$used" > "$scratch/violations"
if [[ -s "$scratch/violations" ]]; then
    cat "$scratch/violations" >&2
    fail "the demo build used files that a machine with only the demo profile lacks"
fi
echo "Every file the demo build and render used is in the demo profile ($(wc -l < "$allowed") packages with their dependencies)."

# The test command's configure, with Catch2 missing: a clear message, not an error deep inside.
configure_tests=$(grep -o -E 'cmake -S \. -B build[^&]*' <<< "$tests" | head -n 1)
[[ "$configure_tests" == *"-DFALTUNG_BUILD_TESTS=ON"* ]] ||
    fail "the README's test command does not configure with -DFALTUNG_BUILD_TESTS=ON: $configure_tests"
configure_tests=${configure_tests//-B build/-B build-tests $hide}
if (cd "$scratch/src" && eval "$configure_tests") > "$scratch/tests-configure.log" 2>&1; then
    fail "the test configure succeeded without Catch2"
fi
grep -q "Catch2 2.13, the test framework (Debian package catch2)" "$scratch/tests-configure.log" &&
    grep -q ".ci/install-deps test" "$scratch/tests-configure.log" || {
    cat "$scratch/tests-configure.log"
    fail "the test configure without Catch2 did not name it, its package and .ci/install-deps test"
}
grep -A 4 "FALTUNG_BUILD_TESTS is ON" "$scratch/tests-configure.log"
echo "The test configure without Catch2 stops and says what to install."
