# The tools the tests and the benchmark need beyond what the renderer and the plugin
# need, each with the Debian package that ships it. `.ci/install-deps test` installs
# them all; `.ci/install-deps demo` none of them.
#
# faltung_find_test_tools(<missing-var>) looks for each one, sets the FALTUNG_*
# variables below, and puts a line per missing tool ("what (Debian package)") in
# <missing-var>. The top-level CMakeLists.txt decides what a missing tool means:
# with FALTUNG_BUILD_TESTS=ON a configure error, with AUTO no tests.
#
#   Catch2 2.13             the test framework                    catch2
#   FALTUNG_CLANG(XX)       sanitizer and fuzz sub-builds         clang
#   FALTUNG_CLANG_RUNTIME   clang's ASan/UBSan/TSan/libFuzzer     libclang-rt-14-dev
#   FALTUNG_RTSAN_RUNTIME   RealtimeSanitizer, linked into GCC    libclang-rt-19-dev
#   FALTUNG_XVFB_RUN        a private X display per test program  xvfb (and xauth)
#   FALTUNG_ARDOUR_LUA      Ardour 7 headless                     ardour
#   FALTUNG_FCONVOLVER      the third-party reference renderer    jconvolver
#   FALTUNG_XDOTOOL, FALTUNG_IMPORT   the Standalone app's window  xdotool, imagemagick
#   FALTUNG_STRACE          what the demo build really uses       strace
#   FALTUNG_LINTIAN         the Debian package's checks           lintian
#   FALTUNG_DESKTOP_FILE_VALIDATE  the app's menu entry           desktop-file-utils
#   ZITA_CONVOLVER_*        a benchmark peer                      libzita-convolver-dev
#   FALTUNG_LILV_INCLUDE    the entry-point tests' LV2 host       liblilv-dev
#   FALTUNG_JACKD, FALTUNG_JACK_CONNECT  a JACK server for the app  jackd2
#   FALTUNG_LV2INFO         the packaged LV2 and its presets      lilv-utils
#
# Each is looked for without reading or running it (find_program, find_path, ...),
# so that looking costs nothing when the tests are left out.

macro(_faltung_test_tool found what package)
    if(NOT ${found})
        list(APPEND _faltung_missing "${what} (Debian package ${package})")
    endif()
endmacro()

# A macro, not a function: what find_package(Catch2) sets must reach the caller.
macro(faltung_find_test_tools missing_var)
    set(_faltung_missing)

    find_package(Catch2 2.13 CONFIG QUIET)
    _faltung_test_tool(Catch2_FOUND "Catch2 2.13, the test framework" catch2)

    find_program(FALTUNG_CLANG clang)
    find_program(FALTUNG_CLANGXX clang++)
    _faltung_test_tool(FALTUNG_CLANGXX "clang++, for the sanitizer and fuzz builds" clang)
    # The runtimes of the clang that `clang` is (Debian 12: /usr/lib/llvm-14/bin/clang).
    if(FALTUNG_CLANG)
        file(REAL_PATH ${FALTUNG_CLANG} _faltung_clang)
        get_filename_component(_faltung_llvm ${_faltung_clang} DIRECTORY)
        file(GLOB _faltung_clang_runtime_dirs LIST_DIRECTORIES true ${_faltung_llvm}/../lib/clang/*/lib/linux)
        find_file(FALTUNG_CLANG_RUNTIME libclang_rt.tsan-x86_64.a PATHS ${_faltung_clang_runtime_dirs} NO_DEFAULT_PATH)
    endif()
    _faltung_test_tool(FALTUNG_CLANG_RUNTIME "clang's sanitizer runtimes" libclang-rt-14-dev)

    find_file(FALTUNG_RTSAN_RUNTIME libclang_rt.rtsan-x86_64.a
        PATHS /usr/lib/llvm-19/lib/clang/19/lib/linux /usr/lib/clang/19/lib/linux NO_DEFAULT_PATH)
    _faltung_test_tool(FALTUNG_RTSAN_RUNTIME "RealtimeSanitizer's runtime" libclang-rt-19-dev)

    find_program(FALTUNG_XVFB_RUN xvfb-run)
    _faltung_test_tool(FALTUNG_XVFB_RUN "xvfb-run, a virtual X display" xvfb)
    find_program(FALTUNG_XAUTH xauth)
    _faltung_test_tool(FALTUNG_XAUTH "xauth, which xvfb-run uses" xauth)
    find_program(FALTUNG_ARDOUR_LUA ardour7-lua)
    _faltung_test_tool(FALTUNG_ARDOUR_LUA "ardour7-lua, Ardour 7 headless" ardour)
    find_program(FALTUNG_FCONVOLVER fconvolver)
    _faltung_test_tool(FALTUNG_FCONVOLVER "fconvolver, a reference renderer on zita-convolver" jconvolver)
    find_program(FALTUNG_XDOTOOL xdotool)
    _faltung_test_tool(FALTUNG_XDOTOOL "xdotool, to find the Standalone app's window" xdotool)
    find_program(FALTUNG_IMPORT import)
    _faltung_test_tool(FALTUNG_IMPORT "import, to take screenshots" imagemagick)
    find_program(FALTUNG_STRACE strace)
    _faltung_test_tool(FALTUNG_STRACE "strace, to see what the demo build uses" strace)

    find_program(FALTUNG_LINTIAN lintian)
    _faltung_test_tool(FALTUNG_LINTIAN "lintian, to check the Debian package" lintian)
    find_program(FALTUNG_DESKTOP_FILE_VALIDATE desktop-file-validate)
    _faltung_test_tool(FALTUNG_DESKTOP_FILE_VALIDATE "desktop-file-validate, to check the menu entry"
        desktop-file-utils)

    find_path(ZITA_CONVOLVER_INCLUDE_DIR zita-convolver.h)
    find_library(ZITA_CONVOLVER_LIBRARY zita-convolver)
    _faltung_test_tool(ZITA_CONVOLVER_LIBRARY "zita-convolver, a benchmark peer" libzita-convolver-dev)

    find_path(FALTUNG_LILV_INCLUDE lilv/lilv.h PATH_SUFFIXES lilv-0)
    _faltung_test_tool(FALTUNG_LILV_INCLUDE "lilv, for the LV2 host of the entry-point tests" liblilv-dev)

    find_program(FALTUNG_LV2INFO lv2info)
    _faltung_test_tool(FALTUNG_LV2INFO "lv2info, to read the packaged LV2 and its presets" lilv-utils)
    find_program(FALTUNG_JACKD jackd)
    _faltung_test_tool(FALTUNG_JACKD "jackd, a JACK server (dummy driver) for the Standalone app" jackd2)
    find_program(FALTUNG_JACK_CONNECT jack_connect)
    _faltung_test_tool(FALTUNG_JACK_CONNECT "jack_connect, to wire the Standalone app in JACK" jackd2)

    set(${missing_var} "${_faltung_missing}")
endmacro()
