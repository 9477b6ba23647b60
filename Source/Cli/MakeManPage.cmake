# Writes faltung-render's manual page (roff) from its --help: cmake -DRENDERER=...
# -DVERSION=... -DOUTPUT=... -P MakeManPage.cmake. The help is already laid out for a
# terminal, so the page keeps it as it is (no filling), under the sections a manual
# page has.
execute_process(COMMAND ${RENDERER} --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "faltung-render --help failed: ${result}")
endif()
# roff: a backslash is written \e; a line starting with . or ' would be a request.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(REPLACE "-" "\\-" help "${help}")

file(WRITE ${OUTPUT} ".TH FALTUNG-RENDER 1 \"\" \"Faltung ${VERSION}\" \"User Commands\"
.SH NAME
faltung\\-render \\- render audio files through the Faltung convolution reverb
.SH DESCRIPTION
faltung\\-render plays audio files through an impulse response (a measured room, plate
or cabinet, or one of its factory IRs), with the same controls as the Faltung plugin,
and writes the result, sample for sample what the plugin gives with the same settings.
.PP
.nf
${help}.fi
.SH SEE ALSO
The Faltung plugin (VST3 and LV2) and the Faltung app, installed with it, which play the
same reverb live.
")
