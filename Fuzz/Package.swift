// swift-tools-version:6.0
// Coverage-guided fuzzing (libFuzzer) of every reader of outside data, outside `swift test`:
// build and run with `scripts/fuzz.sh` (docs/TESTING.md). Each executable is a libFuzzer
// target: libFuzzer supplies `main` and calls `LLVMFuzzerTestOneInput` with each input.
import PackageDescription

let library: [PackageDescription.Target.Dependency] = [
    .product(name: "NetworkTimetabling", package: "NetworkTimetabling"), "FuzzDriver",
]
// The harnesses define no `main` of their own.
let harness: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "NetworkTimetablingFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "NetworkTimetabling", path: ".."),
        // The workbook harness packs fuzzed parts into an .xlsx archive.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The hand-over to libFuzzer's driver that every harness's entry point makes.
        .target(name: "FuzzDriver"),
        // The instance loader: JSON parser, schema, semantic checks, the problem build.
        .executableTarget(name: "fuzz-instance", dependencies: library, swiftSettings: harness),
        // The solution loader, then the checker on the solution against Examples/tiny.json.
        .executableTarget(name: "fuzz-solution", dependencies: library, swiftSettings: harness),
        // The change-set loader of re-planning, then applying it to Examples/tiny.json.
        .executableTarget(name: "fuzz-changes", dependencies: library, swiftSettings: harness),
        // The table reader (a folder of CSV files): one table of Examples/tiny.json's replaced by the input.
        .executableTarget(name: "fuzz-tables", dependencies: [.product(name: "TimetablingTables", package: "NetworkTimetabling"),
                                                              .product(name: "NetworkTimetabling", package: "NetworkTimetabling"), "FuzzDriver"],
                          swiftSettings: harness),
        // The .xlsx reader: one part of Examples/tiny.json's workbook replaced by the input (or the whole file).
        .executableTarget(name: "fuzz-workbook", dependencies: [.product(name: "TimetablingTables", package: "NetworkTimetabling"),
                                                                .product(name: "NetworkTimetabling", package: "NetworkTimetabling"),
                                                                .product(name: "ZIPFoundation", package: "ZIPFoundation"), "FuzzDriver"],
                          swiftSettings: harness),
        // The FET file reader.
        .executableTarget(name: "fuzz-fet", dependencies: [.product(name: "TimetablingFET", package: "NetworkTimetabling"), "FuzzDriver"],
                          swiftSettings: harness),
        // The ITC 2019 readers: the input as a problem (then judged empty) and as a solution of a small
        // problem (then validated under both MaxBlock readings).
        .executableTarget(name: "fuzz-itc2019", dependencies: [.product(name: "TimetablingITC2019", package: "NetworkTimetabling"), "FuzzDriver"],
                          swiftSettings: harness),
    ]
)
