#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build and test NetworkTimetabling:
# GLPK's headers and library (libglpk-dev), glpsol (glpk-utils, used to cross-check models), FET
# (fet: fet-cl and the fet-data school files, which judge the FET solver's timetables), LibreOffice
# Calc without a display (libreoffice-calc-nogui: opens and re-saves the .xlsx workbooks the tests
# write) and Python's icalendar package (used to cross-check the iCalendar reports).
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
dpkg -s libglpk-dev >/dev/null 2>&1 || missing+=(libglpk-dev)
dpkg -s glpk-utils >/dev/null 2>&1 || missing+=(glpk-utils)
dpkg -s fet >/dev/null 2>&1 || missing+=(fet)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The iCalendar test cross-checks the .ics reports with Python's icalendar package.
if command -v python3 >/dev/null && ! python3 -c "import icalendar" >/dev/null 2>&1; then
  echo "setup: installing the Python package icalendar (cross-check of the .ics reports)" >&2
  python3 -m pip install --quiet icalendar >&2 \
    || { echo "setup: could not install the Python package icalendar, which the tests need (pip install icalendar)" >&2; exit 1; }
fi
command -v python3 >/dev/null || { echo "setup: python3 is not on PATH; the tests need it (apt-get install python3 python3-pip)" >&2; exit 1; }

command -v swift >/dev/null || { echo "setup: swift is not on PATH; install Swift 6.0 or later" >&2; exit 1; }
echo "setup: ready (GLPK $(dpkg-query -W -f='${Version}' libglpk-dev), $(swift --version 2>/dev/null | head -n 1))" >&2
