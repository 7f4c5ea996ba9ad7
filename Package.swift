// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "NetworkTimetabling",
    // `Synchronization` (Mutex, Atomic) needs macOS 15.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "NetworkTimetabling", targets: ["NetworkTimetabling"]),
        .library(name: "NetworkTimetablingGLPK", targets: ["NetworkTimetablingGLPK"]),
        .library(name: "TimetablingFET", targets: ["TimetablingFET"]),
        // The instance as CSV tables or an .xlsx workbook (docs/TABLES.md), for apps that read a centre's spreadsheets.
        .library(name: "TimetablingTables", targets: ["TimetablingTables"]),
        // ITC 2019 problems and solutions (docs/ITC2019.md): reader, writer and the independent validator.
        .library(name: "TimetablingITC2019", targets: ["TimetablingITC2019"]),
        .executable(name: "netsched", targets: ["netsched"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // CSV reading and writing (quoting, delimiters) for the instance as a folder of tables.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // .xlsx workbooks: the ZIP container (ZIPFoundation) and the XML parts inside it (SWXMLHash).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
    ],
    targets: [
        // Modules from the bottom up; each imports only those above it in this list.
        // The model, input validation, the indexed problem, the checker and the indexed view of a
        // solution, the engine contract (sync and async), the seeded random numbers, escaping and
        // the labels every rendering uses.
        .target(name: "TimetablingCore"),
        // The engines that need no GLPK (greedy construction, heuristic search) and the solution
        // assembler that engines of one's own build on.
        .target(name: "TimetablingEngines", dependencies: ["TimetablingCore"]),
        // Reports (HTML, CSV, iCalendar, JSON), explanations of refusals, pre-solve diagnosis.
        .target(name: "TimetablingReports", dependencies: ["TimetablingCore"]),
        // Re-planning a published timetable after changes during the term.
        .target(name: "TimetablingReplan", dependencies: ["TimetablingCore", "TimetablingEngines", "TimetablingReports"]),
        // Deterministic realistic instances for research and benchmarks.
        .target(name: "TimetablingGenerator", dependencies: ["TimetablingCore"]),
        // FET files: the importer of regular timetables, FET's own problems and their solver.
        // Links FoundationXML (as does TimetablingITC2019).
        .target(name: "TimetablingFET", dependencies: ["TimetablingCore"]),
        // The instance as a folder of CSV tables or an .xlsx workbook (export and import, Russian and
        // English headers), and solutions as workbooks. The only module that links CSV.swift,
        // ZIPFoundation and SWXMLHash.
        .target(name: "TimetablingTables", dependencies: [
            "TimetablingCore", "TimetablingReports", .product(name: "CSV", package: "CSV.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"), .product(name: "SWXMLHash", package: "SWXMLHash"),
        ]),
        // The International Timetabling Competition 2019 format: problem and solution XML, and the
        // validator written from the competition's rules. Links FoundationXML, like the FET module.
        .target(name: "TimetablingITC2019"),
        // The umbrella: re-exports every module above but FET, so `import NetworkTimetabling` is enough.
        .target(name: "NetworkTimetabling", dependencies: [
            "TimetablingCore", "TimetablingEngines", "TimetablingReports", "TimetablingReplan", "TimetablingGenerator",
        ]),
        // Debian's libglpk-dev ships no pkg-config file: a module map links it directly.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Everything that links GLPK (GPL-3.0) lives here, apart from the Apache-2.0 core.
        .target(name: "NetworkTimetablingGLPK", dependencies: ["TimetablingCore", "TimetablingEngines", "CGLPK"]),
        .executableTarget(
            name: "netsched",
            dependencies: [
                "NetworkTimetabling",
                "NetworkTimetablingGLPK",
                "TimetablingFET",
                "TimetablingTables",
                "TimetablingITC2019",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A small program that embeds the library (see README).
        .executableTarget(name: "embedding-example", dependencies: ["NetworkTimetabling"], path: "Examples/Embedding"),
        // The custom strategy of Examples/CustomStrategy (a package of its own for its readers), built
        // here too so that the tests run it: the engine, and the program that runs it like netsched solve.
        .target(name: "RandomRestartStrategy", dependencies: ["NetworkTimetabling"],
                path: "Examples/CustomStrategy/Sources/RandomRestartStrategy"),
        .executableTarget(name: "custom-strategy", dependencies: ["RandomRestartStrategy", "NetworkTimetabling"],
                          path: "Examples/CustomStrategy/Sources/custom-strategy"),
        // Helpers shared by the test targets (diffs of two solutions as people see them).
        .target(name: "TestSupport", dependencies: ["NetworkTimetabling"], path: "Tests/TestSupport"),
        // Fixtures/ holds FET files the tests read by path.
        // ZIPFoundation: the workbook tests build broken .xlsx archives part by part.
        .testTarget(name: "NetworkTimetablingTests", dependencies: ["NetworkTimetabling", "TimetablingCore", "TimetablingEngines", "TimetablingReports", "TimetablingReplan", "TimetablingGenerator", "TimetablingFET", "TimetablingTables", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Fixtures"]),
        .testTarget(name: "NetworkTimetablingGLPKTests", dependencies: ["NetworkTimetablingGLPK", "NetworkTimetabling", "TimetablingCore", "TimetablingEngines", "TimetablingReports", "TimetablingReplan", "TimetablingGenerator", "TimetablingFET", "TestSupport"]),
        // The ITC 2019 reader, writer and validator on small problems built in the tests, the competition
        // instances of ../shared/itc2019 when present, and published solutions in Fixtures/.
        .testTarget(name: "TimetablingITC2019Tests", dependencies: ["TimetablingITC2019"], exclude: ["Fixtures"]),
        // End-to-end runs of the built `netsched` and example programs on `Examples/`.
        .testTarget(name: "netschedTests", dependencies: ["NetworkTimetabling", "TimetablingTables", "netsched", "embedding-example",
                                                       "RandomRestartStrategy", "custom-strategy"]),
    ]
)
