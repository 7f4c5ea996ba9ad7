// swift-tools-version:6.0
// Benchmarks live in their own package so the library's build and `swift test` stay light.
import PackageDescription

let package = Package(
    name: "NetworkTimetablingBenchmarks",
    dependencies: [.package(name: "NetworkTimetabling", path: "..")],
    targets: [
        .executableTarget(
            name: "bench-examples",
            dependencies: [.product(name: "NetworkTimetabling", package: "NetworkTimetabling")]
        ),
        // One solve by a named method (heuristic lns / annealing, hybrid, mip) as a JSON line, for
        // heuristic_compare.py.
        .executableTarget(
            name: "heuristic-compare",
            dependencies: [
                .product(name: "NetworkTimetabling", package: "NetworkTimetabling"),
                .product(name: "NetworkTimetablingGLPK", package: "NetworkTimetabling"),
            ]
        ),
        // Delay between cancelling the Task of an async solve and its return, per engine, for the
        // "Cancellation latency" section of docs/BENCHMARKS.md.
        .executableTarget(
            name: "cancel-latency",
            dependencies: [
                .product(name: "NetworkTimetabling", package: "NetworkTimetabling"),
                .product(name: "NetworkTimetablingGLPK", package: "NetworkTimetabling"),
            ]
        ),
    ]
)
