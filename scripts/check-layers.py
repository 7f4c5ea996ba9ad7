#!/usr/bin/env python3
"""Checks that every module of Sources/ imports only the modules below it in the layering.

The layering (each module may import those listed for it, and nothing else of this package):

    TimetablingCore                       (the bottom: model, input, problem, checker, engine contract)
    TimetablingEngines, TimetablingReports, TimetablingGenerator, TimetablingFET   -> Core
    TimetablingITC2019                    -> Core (ITC 2019 files and their validator; needs nothing of ours today)
    TimetablingTables                     -> Core, Reports (a solution's report tables as a workbook)
    TimetablingReplan                     -> Core, Engines, Reports
    NetworkTimetabling (umbrella)         -> Core, Engines, Reports, Replan, Generator
    NetworkTimetablingGLPK                -> Core, Engines, CGLPK
    netsched (the command line)           -> any

SwiftPM already refuses an import that is not a declared dependency of a target; this script
also catches a dependency declared in Package.swift against the layering. Exit 0 when clean,
1 with one line per offending import.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources")
OURS = {"TimetablingCore", "TimetablingEngines", "TimetablingReports", "TimetablingReplan",
        "TimetablingGenerator", "TimetablingFET", "TimetablingTables", "TimetablingITC2019", "NetworkTimetabling", "NetworkTimetablingGLPK", "CGLPK"}
ALLOWED = {
    "TimetablingCore": set(),
    "TimetablingEngines": {"TimetablingCore"},
    "TimetablingReports": {"TimetablingCore"},
    "TimetablingGenerator": {"TimetablingCore"},
    "TimetablingFET": {"TimetablingCore"},
    "TimetablingITC2019": {"TimetablingCore"},
    "TimetablingTables": {"TimetablingCore", "TimetablingReports"},
    "TimetablingReplan": {"TimetablingCore", "TimetablingEngines", "TimetablingReports"},
    "NetworkTimetabling": {"TimetablingCore", "TimetablingEngines", "TimetablingReports", "TimetablingReplan",
                           "TimetablingGenerator"},
    "NetworkTimetablingGLPK": {"TimetablingCore", "TimetablingEngines", "CGLPK"},
    "netsched": OURS,
}
# Modules that must not link FoundationXML (only the FET and ITC 2019 modules read XML).
NO_XML = set(ALLOWED) - {"TimetablingFET", "TimetablingITC2019", "netsched"}
# Modules that must not import CSV.swift (only the tables module reads and writes CSV through it).
NO_CSV = set(ALLOWED) - {"TimetablingTables"}
# Modules that must not import the .xlsx packages (ZIPFoundation, SWXMLHash): only the tables module.
NO_XLSX = set(ALLOWED) - {"TimetablingTables"}

IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|func|var|protocol)\s+)?([A-Za-z_][A-Za-z0-9_]*)")

def main() -> int:
    problems = []
    for module in sorted(os.listdir(ROOT)):
        folder = os.path.join(ROOT, module)
        if not os.path.isdir(folder) or module == "CGLPK":
            continue
        if module not in ALLOWED:
            problems.append(f"Sources/{module}: a module this script does not know; add it to ALLOWED")
            continue
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, os.path.join(ROOT, ".."))
                with open(path, encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = IMPORT.match(line)
                        if not m:
                            continue
                        imported = m.group(1)
                        if imported in OURS and imported not in ALLOWED[module]:
                            problems.append(f"{rel}:{number}: {module} imports {imported}, which is not below it")
                        if imported == "CSV" and module in NO_CSV:
                            problems.append(f"{rel}:{number}: {module} imports CSV; only TimetablingTables may")
                        if imported in ("ZIPFoundation", "SWXMLHash") and module in NO_XLSX:
                            problems.append(f"{rel}:{number}: {module} imports {imported}; only TimetablingTables may")
                        if imported == "FoundationXML" and module in NO_XML:
                            problems.append(f"{rel}:{number}: {module} imports FoundationXML; only TimetablingFET and TimetablingITC2019 may")
    for p in problems:
        print(p)
    if not problems:
        print("layers: every import goes down the layering")
    return 1 if problems else 0

if __name__ == "__main__":
    sys.exit(main())
