# The layering rules, checked on every source file: core <- ui <- app.
#
# 1. core/, ui/models and ui/chartmath are plain code: no QtGui, QtWidgets or QtCharts header.
# 2. Each folder includes the project's headers only through the prefixes it may depend on
#    (the table below). An include that names a file beside the including one (its own
#    folder, or a subfolder of it) is always allowed. Every library also has an include root
#    of its own (ts_include_root in the top-level CMakeLists.txt), so most upward includes
#    already fail to compile; this check also catches those the compiler cannot, such as
#    core/archive reaching into archive/service, whose headers sit under its own root.
#
# Run: cmake -DROOT=<source dir> -P tests/layering/check.cmake
cmake_policy(SET CMP0007 NEW)

# folder (longest match wins) | prefixes its includes may start with, or headers it may name
set(rules
  "core/common|none"
  "core/tweet|common,tweet"
  "core/archive|common,tweet,archive"
  "core/archive/service|common,tweet,archive,archive/service"
  "core/search|common,tweet,archive,search"
  "core/export|common,tweet,archive,search,export"
  "ui/models|common,tweet,models"
  "ui/chartmath|common,tweet,search,chartmath"
  "ui/charts|common,tweet,search,chartmath,charts"
  "ui|common,tweet,archive,archive/service,search,export,models,chartmath,charts"
  "app/support|none"
  "app/archive|common,tweet,archive,archive/service,cli.h"
  "app/cli|common,tweet,archive,archive/service,search,export,cli.h"
  "app/gui|common,tweet,archive,archive/service,search,export,models,chartmath,charts,ui,cli.h"
)
set(plain_folders core ui/models ui/chartmath)
set(gui_headers "QtWidgets|QtGui|QtCharts|QWidget|QApplication|QGuiApplication|QIcon|QPixmap|QColor|QImage|QPainter|QFont|QPalette|QChart")

file(GLOB_RECURSE sources RELATIVE "${ROOT}"
  "${ROOT}/core/*.h" "${ROOT}/core/*.cpp" "${ROOT}/ui/*.h" "${ROOT}/ui/*.cpp" "${ROOT}/app/*.h" "${ROOT}/app/*.cpp")

set(bad "")
foreach(f IN LISTS sources)
  get_filename_component(dir "${f}" DIRECTORY)

  # Rule 1
  foreach(plain IN LISTS plain_folders)
    if(f MATCHES "^${plain}/")
      file(STRINGS "${ROOT}/${f}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*<(${gui_headers})")
      if(lines)
        list(APPEND bad "${f}: ${plain}/ must stay free of QtGui/QtWidgets/QtCharts: ${lines}")
      endif()
    endif()
  endforeach()

  # Rule 2: the longest folder rule that contains the file
  set(allowed "")
  set(best_len -1)
  foreach(rule IN LISTS rules)
    string(REGEX REPLACE "\\|.*" "" folder "${rule}")
    string(LENGTH "${folder}" len)
    if((dir STREQUAL folder OR dir MATCHES "^${folder}/") AND len GREATER best_len)
      set(best_len ${len})
      string(REGEX REPLACE "^[^|]*\\|" "" allowed "${rule}")
      string(REPLACE "," ";" allowed "${allowed}")
    endif()
  endforeach()
  if(best_len EQUAL -1)
    list(APPEND bad "${f}: no layering rule covers ${dir}/ (add one to tests/layering/check.cmake)")
    continue()
  endif()

  file(STRINGS "${ROOT}/${f}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  foreach(line IN LISTS includes)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${line}")
    if(EXISTS "${ROOT}/${dir}/${inc}" OR inc MATCHES "\\.moc$" OR inc MATCHES "^ui_")
      continue()
    endif()
    set(ok FALSE)
    foreach(prefix IN LISTS allowed)
      if(inc STREQUAL prefix OR inc MATCHES "^${prefix}/[^/]+$")
        set(ok TRUE)
      endif()
    endforeach()
    if(NOT ok)
      list(JOIN allowed ", " shown)
      list(APPEND bad "${f}: includes \"${inc}\"; ${dir}/ may include only: ${shown}")
    endif()
  endforeach()
endforeach()

if(bad)
  list(JOIN bad "\n" text)
  message(FATAL_ERROR "layering violations:\n${text}")
endif()
list(LENGTH sources n)
message(STATUS "layering: ${n} files checked against their folder's rules")
