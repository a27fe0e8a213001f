import Synchronization

/// Collects values handed to a `@Sendable` callback (an observer), safely
/// from any thread.
public final class Recorder<Element: Sendable>: Sendable {
    private let storage = Mutex<[Element]>([])

    /// An empty recorder.
    public init() {}

    /// Appends one value.
    public func record(_ element: Element) {
        storage.withLock { $0.append(element) }
    }

    /// Everything recorded so far, in order.
    public var all: [Element] {
        storage.withLock { $0 }
    }

    /// Forgets everything recorded so far.
    public func clear() {
        storage.withLock { $0.removeAll() }
    }
}
