// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ctrsh",
    products: [
        .executable(name: "ctrsh", targets: ["ctrsh"]),
        .executable(name: "ctrsh-init", targets: ["ctrsh-init"]),
        .library(name: "CtrRuntime", targets: ["CtrRuntime"]),
        .library(name: "CtrCommands", targets: ["CtrCommands"]),
        .library(name: "CtrShell", targets: ["CtrShell"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // SHA-256 for image blobs and tarball digests (BoringSSL's, on Linux).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // YAML for `export kube` (Kubernetes Pod manifests).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The code that runs between clone() and execve() in the child, and
        // the Linux declarations Swift's Glibc module leaves out.
        .target(name: "CLinux", path: "Sources/CLinux"),
        // The kernel's rtnetlink declarations, and a socket opened inside
        // another network namespace (`net veth`, `net show`).
        .target(name: "CNetlink", path: "Sources/CNetlink"),
        // libarchive (Debian's libarchive-dev), which unpacks tarball roots.
        // scripts/build links it statically, tar support only.
        .systemLibrary(name: "CArchive", path: "Sources/CArchive"),
        // libedit's header, and non-variadic wrappers around el_set/history.
        .systemLibrary(name: "CEditLine", path: "Sources/CEditLine"),
        .target(
            name: "CEditLineShim", dependencies: ["CEditLine"], path: "Sources/CEditLineShim",
            linkerSettings: [.linkedLibrary("edit")]),
        // What talks to the kernel: the launch (the Swift side of the C
        // child), cgroups, devices, netlink, seccomp, processes, and the
        // vocabulary both sides share (the spec, RuntimeError and its kinds).
        // It never imports CtrRuntime; what CtrRuntime needs of it is
        // `package`, what only the kernel uses `internal`.
        .target(
            name: "CtrKernel",
            dependencies: ["CLinux", "CNetlink", .product(name: "SystemPackage", package: "swift-system")],
            path: "Sources/Kernel"),
        // Containers and their lifecycle, state and gc, roots and images,
        // image export, kube, OCI bundles; it re-exports CtrKernel.
        .target(
            name: "CtrRuntime",
            dependencies: [
                "CtrKernel", "CLinux", "CArchive",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Runtime"),
        // Words/pt holds the Portuguese catalog's gettext sources, compiled into
        // Words/Catalog+Portuguese.swift by scripts/generate-catalog.
        .target(name: "CtrCommands", dependencies: ["CtrRuntime", "CLinux"], path: "Sources/Commands", exclude: ["Words/pt"]),
        .target(
            name: "CtrShell", dependencies: ["CtrCommands", "CEditLineShim", "CLinux"], path: "Sources/Shell"),
        .executableTarget(
            name: "ctrsh",
            dependencies: ["CtrShell", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/ctrsh"),
        // PID 1 of started containers: static, so it runs in any root.
        .executableTarget(
            name: "ctrsh-init", path: "Sources/CtrshInit", linkerSettings: [.unsafeFlags(["-static-executable"])]),
        // The embedding example (docs/embedding.md): a host program with a command of its own.
        .executableTarget(name: "EmbeddedShell", dependencies: ["CtrShell"], path: "Examples/EmbeddedShell"),
        .testTarget(name: "CtrRuntimeTests", dependencies: ["CtrKernel", "CtrRuntime", "TestSupport"], path: "Tests/RuntimeTests"),
        .testTarget(name: "CtrCommandsTests", dependencies: ["CtrCommands", "CtrKernel", "TestSupport"], path: "Tests/CommandsTests"),
        .testTarget(name: "CtrShellTests", dependencies: ["CtrShell", "TestSupport", "FuzzTargets"], path: "Tests/ShellTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"], path: "Tests/EndToEndTests"),
        .target(name: "TestSupport", dependencies: ["CtrRuntime"], path: "Tests/TestSupport"),
        // What the fuzzer drives (scripts/fuzz), also replayed by FuzzTests.
        .target(name: "FuzzTargets", dependencies: ["CtrShell"], path: "Tests/FuzzTargets"),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets", "TestSupport"], path: "Tests/FuzzTests"),
    ]
)

// libFuzzer's driver around FuzzTargets: only scripts/fuzz builds it
// (CTRSH_FUZZ=1, with -sanitize=fuzzer, which supplies `main`).
if Context.environment["CTRSH_FUZZ"] != nil {
    package.targets.append(
        .executableTarget(name: "ctrsh-fuzz", dependencies: ["FuzzTargets", "CtrRuntime"], path: "Tests/FuzzDriver"))
}
