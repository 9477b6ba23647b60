# Writes a program's manual page (roff) from its --help:
#   cmake -DPROGRAM=path -DNAME=faltung-render -DVERSION=... -DSUMMARY="..." -DDESCRIPTION="..."
#         -DOUTPUT=... -P MakeManPage.cmake
# The help is already laid out for a terminal, so the page keeps it as it is (no
# filling), under the sections a manual page has.
execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${NAME} --help failed: ${result}")
endif()
# roff: a backslash is written \e; a line starting with . or ' would be a request.
foreach(text help SUMMARY DESCRIPTION)
    string(REPLACE "\\" "\\e" ${text} "${${text}}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" ${text} "${${text}}")
    string(REPLACE "-" "\\-" ${text} "${${text}}")
endforeach()
string(TOUPPER "${NAME}" title)
string(REPLACE "-" "\\-" name "${NAME}")

file(WRITE ${OUTPUT} ".TH ${title} 1 \"\" \"Faltung ${VERSION}\" \"User Commands\"
.SH NAME
${name} \\- ${SUMMARY}
.SH DESCRIPTION
${DESCRIPTION}
.PP
.nf
${help}.fi
.SH SEE ALSO
The Faltung plugin (VST3 and LV2), the Faltung app, faltung\\-render and faltung\\-capture,
installed together.
")
