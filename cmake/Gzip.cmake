# cmake -DINPUT=file -DOUTPUT=file.gz -P Gzip.cmake: gzip -9n, as Debian compresses
# manual pages and changelogs (no name or time stamp inside: the same bytes on
# every build).
execute_process(COMMAND gzip -9n -c ${INPUT} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip ${INPUT} failed: ${result}")
endif()
