# Generates util/svccat_data.c (in the build dir) from
# sql/services/catalogue.tsv: the shipped catalogue of sending services
# (util/svccat.h).  Run as: cmake -DSRC=<repo> -DOUT=<file> -P embed-services.cmake
file(READ "${SRC}/sql/services/catalogue.tsv" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR n "${n} / 2")
string(REGEX REPLACE "(..)" "0x\\1," hex "${hex}")
set(out "/* Generated from sql/services/catalogue.tsv by cmake/embed-services.cmake: do not edit. */\n")
string(APPEND out "#include \"util/svccat.h\"\n\n")
string(APPEND out "const char svccat_shipped[] = {${hex}0x00};\n")
string(APPEND out "const size_t svccat_shipped_len = ${n};\n")
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
