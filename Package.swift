// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "NetworkTimetabling",
    products: [
        .library(name: "NetworkTimetabling", targets: ["NetworkTimetabling"]),
        .library(name: "NetworkTimetablingGLPK", targets: ["NetworkTimetablingGLPK"]),
        .executable(name: "netsched", targets: ["netsched"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The model, input validation, the checker and the engines that need no GLPK.
        .target(name: "NetworkTimetabling"),
        // Debian's libglpk-dev ships no pkg-config file: a module map links it directly.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        // Everything that links GLPK (GPL-3.0) lives here, apart from the Apache-2.0 core.
        .target(name: "NetworkTimetablingGLPK", dependencies: ["NetworkTimetabling", "CGLPK"]),
        .executableTarget(
            name: "netsched",
            dependencies: [
                "NetworkTimetabling",
                "NetworkTimetablingGLPK",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // A small program that embeds the library (see README).
        .executableTarget(name: "embedding-example", dependencies: ["NetworkTimetabling"], path: "Examples/Embedding"),
        // Helpers shared by the test targets (diffs of two solutions as people see them).
        .target(name: "TestSupport", dependencies: ["NetworkTimetabling"], path: "Tests/TestSupport"),
        .testTarget(name: "NetworkTimetablingTests", dependencies: ["NetworkTimetabling", "TestSupport"]),
        .testTarget(name: "NetworkTimetablingGLPKTests", dependencies: ["NetworkTimetablingGLPK", "NetworkTimetabling", "TestSupport"]),
        // End-to-end runs of the built `netsched` and example programs on `Examples/`.
        .testTarget(name: "netschedTests", dependencies: ["NetworkTimetabling", "netsched", "embedding-example"]),
    ]
)
