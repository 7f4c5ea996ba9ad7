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
    ]
)
