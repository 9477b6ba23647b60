# Sanitizer and fuzzing builds. Included before any target is made, so every
# target of this build, JUCE's modules inside faltung_juce and the plugin's shared
# code included, is compiled and linked with the same instrumentation (mixing
# instrumented and plain code hides bugs and, for ThreadSanitizer, reports false
# races).
#
#   -DFALTUNG_SANITIZE=address,undefined   AddressSanitizer (with LeakSanitizer) + UBSan
#   -DFALTUNG_SANITIZE=thread              ThreadSanitizer
#   -DFALTUNG_FUZZ=ON                      libFuzzer targets in Tests/Fuzz (clang only);
#                                          the libraries get coverage instrumentation
#
# Tests/Sanitizers runs such builds from the main build's CTest (see there).
set(FALTUNG_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread (empty: none)")
option(FALTUNG_FUZZ "Build the libFuzzer targets in Tests/Fuzz (needs clang)" OFF)

if(FALTUNG_SANITIZE)
    # Frame pointers and line tables give whole, symbolised stacks in the reports.
    add_compile_options(-fsanitize=${FALTUNG_SANITIZE} -fno-omit-frame-pointer -g1)
    add_link_options(-fsanitize=${FALTUNG_SANITIZE})
    # Tests that measure time skip those checks in instrumented builds.
    add_compile_definitions(FALTUNG_SANITIZED=1)
    if(FALTUNG_SANITIZE MATCHES "undefined")
        # UBSan only prints and goes on by default: make every finding fail its test.
        add_compile_options(-fno-sanitize-recover=all)
        add_link_options(-fno-sanitize-recover=all)
        if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
            # JUCE's copy of the LV2 libraries (serd, sord: C compiled as C++) calls
            # its callbacks through pointers with a void* where the function takes a
            # typed handle, a C idiom that clang's 'function' check stops at.
            add_compile_options(-fno-sanitize=function)
        endif()
    endif()
    if(FALTUNG_SANITIZE MATCHES "thread" AND FALTUNG_SANITIZE MATCHES "address")
        message(FATAL_ERROR "FALTUNG_SANITIZE: thread cannot be combined with address")
    endif()
endif()

if(FALTUNG_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "FALTUNG_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang")
    endif()
    # Coverage feedback from all the code a fuzz input reaches; only the fuzz
    # targets themselves link libFuzzer's main (-fsanitize=fuzzer).
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
