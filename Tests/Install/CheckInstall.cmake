# Installs the build into a scratch prefix, checks that every binary landed where
# hosts look for it, uninstalls, checks that nothing is left, and makes the CPack
# archive and checks its contents. Run by CTest with BUILD_DIR, SCRATCH and SOURCE_DIR.
file(REMOVE_RECURSE "${SCRATCH}")
file(MAKE_DIRECTORY "${SCRATCH}")
set(prefix "${SCRATCH}/prefix")

function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${ARGN} failed (${result}):\n${out}\n${err}")
    endif()
endfunction()

set(expected
    lib/vst3/Faltung.vst3/Contents/x86_64-linux/Faltung.so
    lib/lv2/Faltung.lv2/libFaltung.so
    lib/lv2/Faltung.lv2/manifest.ttl
    lib/lv2/Faltung.lv2/dsp.ttl
    bin/Faltung
    bin/faltung-render
    bin/faltung-capture)

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(file IN LISTS expected)
    if(NOT EXISTS "${prefix}/${file}")
        message(FATAL_ERROR "cmake --install did not install ${file}")
    endif()
endforeach()

run(${CMAKE_COMMAND} -DMANIFEST=${BUILD_DIR}/install_manifest.txt -P "${SOURCE_DIR}/Source/Plugin/Uninstall.cmake")
foreach(dir lib/vst3/Faltung.vst3 lib/lv2/Faltung.lv2 bin/Faltung bin/faltung-render bin/faltung-capture)
    if(EXISTS "${prefix}/${dir}")
        message(FATAL_ERROR "uninstall left ${dir} behind")
    endif()
endforeach()

run(cpack --config "${BUILD_DIR}/CPackConfig.cmake" -B "${SCRATCH}/package")
file(GLOB archives "${SCRATCH}/package/faltung-*.tar.gz")
list(LENGTH archives count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "cpack made ${count} archives: ${archives}")
endif()
execute_process(COMMAND tar tzf "${archives}" OUTPUT_VARIABLE listing RESULT_VARIABLE result)
foreach(file IN LISTS expected)
    string(FIND "${listing}" "${file}" at)
    if(at EQUAL -1 OR NOT result EQUAL 0)
        message(FATAL_ERROR "the archive lacks ${file}:\n${listing}")
    endif()
endforeach()
message(STATUS "install, uninstall and package: all in place")
file(REMOVE_RECURSE "${SCRATCH}")
