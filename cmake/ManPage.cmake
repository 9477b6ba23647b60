# faltung_add_man_page(<target> SUMMARY <one line> DESCRIPTION <a paragraph>)
# A manual page for a command-line program, made from its own --help (so the two
# cannot disagree), gzipped, built with everything and installed to share/man/man1.
function(faltung_add_man_page target)
    cmake_parse_arguments(PAGE "" "SUMMARY;DESCRIPTION" "" ${ARGN})
    set(page ${CMAKE_CURRENT_BINARY_DIR}/${target}.1.gz)
    add_custom_command(OUTPUT ${page}
        COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> -DNAME=${target} -DVERSION=${PROJECT_VERSION}
                "-DSUMMARY=${PAGE_SUMMARY}" "-DDESCRIPTION=${PAGE_DESCRIPTION}" -DOUTPUT=${page}.roff
                -P ${PROJECT_SOURCE_DIR}/cmake/MakeManPage.cmake
        COMMAND ${CMAKE_COMMAND} -DINPUT=${page}.roff -DOUTPUT=${page} -P ${PROJECT_SOURCE_DIR}/cmake/Gzip.cmake
        DEPENDS ${target} ${PROJECT_SOURCE_DIR}/cmake/MakeManPage.cmake
        COMMENT "Writing ${target}'s manual page"
        VERBATIM)
    add_custom_target(${target}-man-page ALL DEPENDS ${page})
    if(UNIX AND NOT APPLE)
        install(FILES ${page} DESTINATION share/man/man1 COMPONENT plugins)
    endif()
endfunction()
