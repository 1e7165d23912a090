cmake_minimum_required(VERSION 3.25)
# `cmake --install` into a temporary prefix puts the three executables, the desktop entry, the
# icons and the AppStream metadata where desktops look for them, and the metadata validates
# (appstreamcli, from Debian's appstream package). Run with -DBUILD=<build dir> -DPREFIX=<dir>.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}"
  OUTPUT_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
set(expected
  bin/tweetscope bin/tweetscope-cli bin/tweetscope-archive
  share/applications/tweetscope.desktop
  share/metainfo/io.github.tweetscope.Tweetscope.metainfo.xml
  share/icons/hicolor/scalable/apps/tweetscope.svg)
foreach(size 16 24 32 48 64 128)
  list(APPEND expected share/icons/hicolor/${size}x${size}/apps/tweetscope.png)
endforeach()
foreach(f IN LISTS expected)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "cmake --install did not install ${f}")
  endif()
endforeach()
file(GLOB_RECURSE installed RELATIVE "${PREFIX}" "${PREFIX}/*")
list(LENGTH installed n)
list(LENGTH expected m)
if(NOT n EQUAL m)
  message(FATAL_ERROR "cmake --install installed ${n} files, expected ${m}: ${installed}")
endif()
execute_process(COMMAND appstreamcli validate --no-net
  "${PREFIX}/share/metainfo/io.github.tweetscope.Tweetscope.metainfo.xml"
  OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "appstreamcli validate failed:\n${out}")
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "cmake --install: ${n} files, AppStream metadata valid")
