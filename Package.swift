// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "npu-codesign",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "npu-codesign", targets: ["npu-codesign"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // libglpk from Debian's libglpk-dev; only LinearProgramming may import it (DESIGN.md).
        .systemLibrary(name: "CGLPK", path: "Sources/CGLPK",
                       providers: [.apt(["libglpk-dev"])]),
        .target(name: "CodesignCore"),
        .target(name: "LinearProgramming", dependencies: ["CGLPK"]),
        .target(name: "CostModels", dependencies: ["CodesignCore"], exclude: ["SOURCES.md"]),
        .target(name: "MappingSearch", dependencies: ["CodesignCore", "CostModels", "LinearProgramming"]),
        .target(name: "NetworkScheduling", dependencies: ["CodesignCore", "CostModels", "MappingSearch", "LinearProgramming"]),
        .target(name: "Exploration", dependencies: [
            "CodesignCore", "CostModels", "MappingSearch", "NetworkScheduling", "SpecIO",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // SVG charts for the HTML reports: Foundation only, so nothing of the domain leaks in.
        .target(name: "Plotting"),
        .target(name: "Reporting", dependencies: ["CodesignCore", "CostModels", "MappingSearch", "NetworkScheduling", "Exploration", "Plotting", "SpecIO", "Vendors"]),
        // ONNX models: onnx.pb.swift generated once from Schema/onnx.proto (Generated/README.md);
        // only the SwiftProtobuf runtime is built.
        .target(name: "ONNXImport", dependencies: ["CodesignCore", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
                exclude: ["Schema", "Generated/README.md"]),
        .target(name: "SpecIO", dependencies: ["CodesignCore", "ONNXImport", .product(name: "Yams", package: "Yams")]),
        .target(name: "Vendors", dependencies: ["CodesignCore", "CostModels", "MappingSearch", "NetworkScheduling", "SpecIO"]),
        // The co-design workflow: a study's inputs loaded once and the operations on it
        // (evaluate, map, explore, compare, report) as library functions.
        .target(name: "CodesignWorkflow", dependencies: [
            "CodesignCore", "CostModels", "LinearProgramming", "MappingSearch", "NetworkScheduling", "Exploration", "ONNXImport", "SpecIO",
            "Vendors", "Reporting",
        ]),
        .executableTarget(name: "npu-codesign", dependencies: [
            "CodesignCore", "CodesignWorkflow", "Exploration", "MappingSearch", "NetworkScheduling", "Reporting", "SpecIO",
            "Vendors",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CodesignCoreTests", dependencies: ["CodesignCore"]),
        .testTarget(name: "LinearProgrammingTests", dependencies: ["LinearProgramming", "CodesignCore", "TestSupport"]),
        .testTarget(name: "CostModelsTests", dependencies: ["CostModels", "SpecIO", "TestSupport"]),
        .testTarget(name: "MappingSearchTests", dependencies: ["MappingSearch", "SpecIO", "TestSupport"]),
        .testTarget(name: "NetworkSchedulingTests", dependencies: ["NetworkScheduling", "SpecIO", "TestSupport"]),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "SpecIOTests", dependencies: ["SpecIO", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CLITests", dependencies: ["npu-codesign", "CodesignCore", "TestSupport", "Exploration"]),
        .testTarget(name: "CodesignWorkflowTests", dependencies: ["CodesignWorkflow", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Exploration", "CodesignCore", "MappingSearch"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        // The HTML pages in a real headless Chromium; skipped where none is installed.
        .testTarget(name: "BrowserTests", dependencies: ["CodesignWorkflow", "Exploration", "MappingSearch", "SpecIO", "Vendors"]),
        .testTarget(name: "ONNXImportTests", dependencies: ["ONNXImport", "SpecIO", "TestSupport"]),
        .testTarget(name: "ExplorationTests", dependencies: [
            "Exploration", "NetworkScheduling", "SpecIO", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "VendorsTests", dependencies: ["Vendors", "SpecIO", "TestSupport"]),
    ]
)
