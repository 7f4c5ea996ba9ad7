// swift-tools-version:6.0
// A custom strategy written outside the library, against its public API only.
import PackageDescription

let package = Package(
    name: "CustomStrategy",
    dependencies: [.package(name: "NetworkTimetabling", path: "../..")],
    targets: [
        // The strategy: an `Engine` that any program can register by name.
        .target(
            name: "RandomRestartStrategy",
            dependencies: [.product(name: "NetworkTimetabling", package: "NetworkTimetabling")]
        ),
        // A `netsched solve`-compatible program that registers and runs it, and checks the result.
        .executableTarget(
            name: "custom-strategy",
            dependencies: ["RandomRestartStrategy", .product(name: "NetworkTimetabling", package: "NetworkTimetabling")]
        ),
    ]
)
