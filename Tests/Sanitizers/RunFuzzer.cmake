# Runs one libFuzzer target for a while on its corpora, and fails on any crash,
# sanitizer report, leak, timeout or out-of-memory (libFuzzer exits non-zero):
#   cmake -DFUZZER=... -DSECONDS=30 -DWORK_CORPUS=... -DCORPORA=dir|dir -DARTIFACTS=... -P RunFuzzer.cmake
# New inputs go to WORK_CORPUS (the first corpus folder); a crashing input is saved
# in ARTIFACTS: copy it to Tests/Fuzz/regressions/<fuzzer>/ once fixed.
string(REPLACE "|" ";" corpora "${CORPORA}")
set(existing)
foreach(dir IN LISTS corpora)
    if(IS_DIRECTORY ${dir})
        list(APPEND existing ${dir})
    endif()
endforeach()
file(MAKE_DIRECTORY ${WORK_CORPUS} ${ARTIFACTS})
execute_process(
    COMMAND ${FUZZER} -max_total_time=${SECONDS} -timeout=60 -rss_limit_mb=4096 -print_final_stats=1
            -artifact_prefix=${ARTIFACTS}/ ${WORK_CORPUS} ${existing}
    RESULT_VARIABLE result
    ERROR_VARIABLE log
    OUTPUT_VARIABLE out)
# libFuzzer reports on stderr; keep the start, the end and the statistics.
string(REGEX MATCHALL "stat::[a-z_]+: *[0-9]+" stats "${log}")
string(REGEX MATCH "#[0-9]+[ \t]+DONE[^\n]*" done "${log}")
if(NOT result EQUAL 0)
    message("${out}${log}")
    message(FATAL_ERROR "${FUZZER} failed (exit code ${result}); the input is in ${ARTIFACTS}")
endif()
list(JOIN stats "\n" stats)
message("${done}\n${stats}")
