// swift-tools-version:6.1
// Micro-benchmarks of the library's hot paths with ordo-one/benchmark (`swift package benchmark`).
// A package of its own, so neither the library's build nor `swift test` depends on it.
import PackageDescription

let package = Package(
    name: "NetworkTimetablingMicroBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "NetworkTimetabling", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "NetworkTimetabling", package: "NetworkTimetabling"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HotPaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
