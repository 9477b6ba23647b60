# Reviewed fixes to JUCE 7.0.5's plugin wrappers, kept as patches in
# cmake/patches/ (each explains itself) and applied at configure time to copies of
# the files in the build tree; the JUCE installation is never touched. The plugin's
# format targets compile the copies instead of the originals:
#
#   juce-7.0.5-vst3-channel-mapping.patch  VST3 process() allocated 8 bytes and
#       freed them on every call. The copy of juce_VST3Common.h comes first on the
#       VST3 target's include path (the wrapper includes it as <...>).
#   juce-7.0.5-lv2-run-buffer.patch  LV2 run() reallocated its buffer whenever a
#       block was longer than the one before. The LV2 client is included relative to
#       its module file, so JUCE's LV2 wrapper target compiles a copy of that file,
#       placed beside the patched client, in place of the original.
#
# The patches are for JUCE 7.0.5 only: on another version, or when a patch no
# longer applies exactly, configure stops. Tests/Hosts/EntryPoints checks that
# process() and run() do not allocate; -DFALTUNG_PATCH_JUCE=OFF builds the wrappers
# unpatched, only to see that test catch them.
option(FALTUNG_PATCH_JUCE "Build the plugin with the fixes to JUCE 7.0.5's wrappers (OFF: only to check the tests)" ON)

set(FALTUNG_JUCE_PATCH_DIR ${CMAKE_CURRENT_LIST_DIR}/patches)

# Applies one patch (made with paths relative to JUCE's modules folder, a/ and b/
# prefixes) to fresh copies of the files it changes, and puts them under dest_root,
# rewriting a copy only when its content changes (so a re-configure rebuilds nothing).
function(faltung_apply_juce_patch patch_name dest_root)
    set(patch_file ${FALTUNG_JUCE_PATCH_DIR}/${patch_name})
    find_program(FALTUNG_PATCH_PROGRAM patch)
    if(NOT FALTUNG_PATCH_PROGRAM)
        message(FATAL_ERROR "GNU patch is needed to apply ${patch_name} to JUCE (Debian: build-essential brings it)")
    endif()

    file(STRINGS ${patch_file} changed REGEX "^\\+\\+\\+ b/")
    list(TRANSFORM changed REPLACE "^\\+\\+\\+ b/([^\t]+).*$" "\\1")
    set(staging ${CMAKE_BINARY_DIR}/juce-patches/staging/${patch_name})
    file(REMOVE_RECURSE ${staging})
    foreach(path IN LISTS changed)
        get_filename_component(folder ${staging}/${path} DIRECTORY)
        file(MAKE_DIRECTORY ${folder})
        file(COPY_FILE ${JUCE_MODULES_DIR}/${path} ${staging}/${path})
        set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${JUCE_MODULES_DIR}/${path})
    endforeach()
    set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${patch_file})

    # No fuzz: the context must match line for line.
    execute_process(
        COMMAND ${FALTUNG_PATCH_PROGRAM} --batch --forward --fuzz=0 --no-backup-if-mismatch -p1 -d ${staging}
                -i ${patch_file}
        RESULT_VARIABLE failed
        OUTPUT_VARIABLE output
        ERROR_VARIABLE output)
    if(failed OR NOT changed)
        message(FATAL_ERROR
            "cmake/patches/${patch_name} does not apply to the JUCE in ${JUCE_MODULES_DIR}:\n${output}\n"
            "The patch is only for JUCE 7.0.5's plugin wrapper. With another JUCE, check whether it still "
            "needs the fix (Tests/Hosts/EntryPoints tells) and update or drop the patch; "
            "-DFALTUNG_PATCH_JUCE=OFF builds without the patches.")
    endif()

    foreach(path IN LISTS changed)
        get_filename_component(folder ${dest_root}/${path} DIRECTORY)
        file(MAKE_DIRECTORY ${folder})
        file(COPY_FILE ${staging}/${path} ${dest_root}/${path} ONLY_IF_DIFFERENT)
    endforeach()
    message(STATUS "JUCE wrapper fix applied: cmake/patches/${patch_name}")
endfunction()

# Builds the VST3 and LV2 targets of a plugin made by juce_add_plugin against the patched copies.
function(faltung_use_patched_juce_wrappers plugin)
    if(NOT FALTUNG_PATCH_JUCE)
        message(WARNING "FALTUNG_PATCH_JUCE=OFF: the plugin uses JUCE's wrappers unpatched, and its VST3 process() "
                        "and LV2 run() allocate on the audio thread. Only for checking the tests.")
        return()
    endif()
    if(DEFINED JUCE_VERSION AND NOT JUCE_VERSION VERSION_EQUAL 7.0.5)
        message(FATAL_ERROR
            "cmake/patches/ holds fixes for JUCE 7.0.5's plugin wrappers, and this is JUCE ${JUCE_VERSION}. "
            "Check whether it still needs them (Tests/Hosts/EntryPoints tells) and update or drop the patches; "
            "-DFALTUNG_PATCH_JUCE=OFF builds without them.")
    endif()
    set(root ${CMAKE_BINARY_DIR}/juce-patched)

    if(TARGET ${plugin}_VST3)
        faltung_apply_juce_patch(juce-7.0.5-vst3-channel-mapping.patch ${root}/vst3)
        target_include_directories(${plugin}_VST3 BEFORE PRIVATE ${root}/vst3)
    endif()

    if(TARGET ${plugin}_LV2)
        faltung_apply_juce_patch(juce-7.0.5-lv2-run-buffer.patch ${root}/lv2)
        set(module_file juce_audio_plugin_client/juce_audio_plugin_client_LV2.cpp)
        file(COPY_FILE ${JUCE_MODULES_DIR}/${module_file} ${root}/lv2/${module_file} ONLY_IF_DIFFERENT)
        # JUCE's LV2 wrapper sources, which only LV2 plugin targets compile.
        get_target_property(sources juce_audio_plugin_client_LV2 INTERFACE_SOURCES)
        list(FIND sources ${JUCE_MODULES_DIR}/${module_file} at)
        if(at EQUAL -1)
            message(FATAL_ERROR "JUCE's LV2 wrapper target does not list ${module_file}: cannot use the patched copy")
        endif()
        list(REMOVE_AT sources ${at})
        list(INSERT sources ${at} ${root}/lv2/${module_file})
        set_property(TARGET juce_audio_plugin_client_LV2 PROPERTY INTERFACE_SOURCES ${sources})
    endif()
endfunction()
