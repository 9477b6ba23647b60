# JUCE's modules compiled once into a static library, for programs that are not the
# plugin (the plugin's shared code, made by juce_add_plugin, compiles its own copy
# with the plugin's settings):
#
#   faltung_add_juce_library(<name> MODULES <module>... [DEFINITIONS <definition>...]
#                            [LINK <library>...] [HIDDEN])
#
# MODULES are JUCE module targets (juce::juce_audio_formats, ...), with what they
# depend on. JUCE's module targets are source lists: linking them PRIVATE and
# re-exporting their include paths and definitions keeps the module sources out of
# every consumer. The modules are compiled without a web browser or curl, as a
# standalone application's (JUCE_STANDALONE_APPLICATION=1), plus DEFINITIONS; the
# consumers compile with the same definitions, as JUCE requires. LINK: libraries the
# modules need (Debian's JUCE uses the system's codecs and image libraries). HIDDEN
# gives every symbol hidden visibility, for a library linked into a shared object
# that must not export JUCE.
function(faltung_add_juce_library name)
    cmake_parse_arguments(PARSE_ARGV 1 arg "HIDDEN" "" "MODULES;DEFINITIONS;LINK")
    if(arg_UNPARSED_ARGUMENTS OR NOT arg_MODULES)
        message(FATAL_ERROR "faltung_add_juce_library(${name} MODULES ... [DEFINITIONS ...] [LINK ...] [HIDDEN]): "
                            "unexpected '${arg_UNPARSED_ARGUMENTS}' or no MODULES")
    endif()

    add_library(${name} STATIC)
    target_link_libraries(${name}
        PRIVATE
            ${arg_MODULES}
        PUBLIC
            juce::juce_recommended_config_flags
            ${arg_LINK})
    target_compile_definitions(${name}
        PUBLIC
            JUCE_WEB_BROWSER=0
            JUCE_USE_CURL=0
            JUCE_STANDALONE_APPLICATION=1
            JUCE_GLOBAL_MODULE_SETTINGS_INCLUDED=1
            ${arg_DEFINITIONS}
        INTERFACE
            $<TARGET_PROPERTY:${name},COMPILE_DEFINITIONS>)
    target_include_directories(${name} INTERFACE $<TARGET_PROPERTY:${name},INCLUDE_DIRECTORIES>)
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    if(arg_HIDDEN)
        set_target_properties(${name} PROPERTIES
            C_VISIBILITY_PRESET hidden
            CXX_VISIBILITY_PRESET hidden
            VISIBILITY_INLINES_HIDDEN ON)
    endif()
endfunction()
