# Configures and builds an instrumented copy of the project for the sanitizer and
# fuzz tests: cmake -DSOURCE_DIR=... -DBUILD_DIR=... -DSANITIZE=address,undefined
# [-DFUZZ=ON] -DTARGETS=a|b|c -DC_COMPILER=clang -DCXX_COMPILER=clang++ -P SubBuild.cmake
# Only the targets named are built; a second run rebuilds only what changed.
string(REPLACE "|" ";" targets "${TARGETS}")
if(NOT DEFINED FUZZ)
    set(FUZZ OFF)
endif()
execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BUILD_DIR}
            -DCMAKE_BUILD_TYPE=Release
            -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
            -DFALTUNG_SANITIZE=${SANITIZE} -DFALTUNG_FUZZ=${FUZZ}
            -DFALTUNG_BUILD_TESTS=ON -DFALTUNG_SANITIZER_TESTS=OFF -DFALTUNG_BENCHMARK_PEERS=OFF
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "configuring ${BUILD_DIR} failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} -j2 --target ${targets} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "building ${targets} in ${BUILD_DIR} failed")
endif()
