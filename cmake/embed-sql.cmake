# Generates store/read_sql.c (in the build dir) from sql/report/*.sql and
# sql/queries/*.sql: the named statements of the store's read API
# (store/read.h).  A statement's name is "<dir>/<file name without .sql>";
# the table is sorted by name.  The files are the SQL people read and run
# with sqlite3.  With -DSUB=pg the files are sql/pg/report/*.sql and
# sql/pg/queries/*.sql (PostgreSQL's text of the same names) and the table
# is store_pg_sql_table.
# Run as: cmake -DSRC=<repo> -DOUT=<file> [-DSUB=pg] -P embed-sql.cmake
set(base "${SRC}/sql")
set(tname "store_sql_table")
if(SUB)
  set(base "${SRC}/sql/${SUB}")
  set(tname "store_${SUB}_sql_table")
endif()
set(files "")
foreach(dir report queries)
  file(GLOB f "${base}/${dir}/*.sql")
  list(APPEND files ${f})
endforeach()
list(SORT files)
set(out "/* Generated from sql/ by cmake/embed-sql.cmake: do not edit. */\n")
string(APPEND out "#include <stddef.h>\n\n#include \"store/read.h\"\n\n")
set(table "")
set(i 0)
foreach(q IN LISTS files)
  get_filename_component(name "${q}" NAME_WE)
  get_filename_component(dir "${q}" DIRECTORY)
  get_filename_component(dir "${dir}" NAME)
  file(READ "${q}" hex HEX)
  string(REGEX REPLACE "(..)" "0x\\1," hex "${hex}")
  string(APPEND out "static const char sql_${i}[] = {${hex}0x00};\n")
  string(APPEND table "\t{ \"${dir}/${name}\", sql_${i} },\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND out "\nextern const struct store_sql ${tname}[];\n")
string(APPEND out "const struct store_sql ${tname}[] = {\n${table}\t{ NULL, NULL }\n};\n")
file(WRITE "${OUT}.tmp" "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUT}.tmp" "${OUT}")
file(REMOVE "${OUT}.tmp")
