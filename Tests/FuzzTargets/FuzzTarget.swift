/// One thing the fuzzer exercises: a pure function over arbitrary bytes
/// that must not crash, hang or break a promise of the code it drives.
///
/// The same target runs under libFuzzer (`scripts/fuzz`, through
/// `Tests/FuzzDriver`) and in XCTest (`FuzzCorpusTests` replays the seed
/// corpus and every crashing input found so far), so a crash found once
/// stays a test.
public struct FuzzTarget: Sendable {
    /// Names the target (`CTRSH_FUZZ_TARGET=NAME`) and its corpus
    /// directories: `Tests/FuzzCorpus/NAME/` and `Tests/FuzzCorpus/crashes/NAME/`.
    public let name: String
    /// What the target feeds the input to.
    public let summary: String
    /// Words libFuzzer should try to splice in (its `-dict` file).
    public let dictionary: [String]
    /// Runs one input; returns the promises it broke (empty when all held).
    /// A crash is a failure too: the fuzzer records the input.
    public let run: @Sendable (UnsafeRawBufferPointer) -> [String]

    public init(name: String, summary: String, dictionary: [String], run: @escaping @Sendable (UnsafeRawBufferPointer) -> [String]) {
        self.name = name
        self.summary = summary
        self.dictionary = dictionary
        self.run = run
    }

    /// Runs `bytes` (a corpus file's contents).
    public func run(_ bytes: [UInt8]) -> [String] {
        bytes.withUnsafeBytes { run($0) }
    }
}

/// Every fuzz target, by name.
public enum FuzzTargets {
    /// The targets `scripts/fuzz` runs, in order.
    public static let all: [FuzzTarget] = [
        ScriptFuzzTarget.target,
        OCIConfigFuzzTarget.target,
    ]

    /// The target called `name`.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}
