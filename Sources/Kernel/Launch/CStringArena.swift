import Glibc

/// C strings and NULL-terminated string arrays that live until the arena is
/// released. The parent builds every string the child needs here before
/// `clone`, because the child may not allocate.
package final class CStringArena {
    private var allocations: [UnsafeMutableRawPointer] = []

    /// An empty arena.
    package init() {}

    private func allocate(_ bytes: Int) -> UnsafeMutableRawPointer {
        guard let memory = malloc(max(bytes, 1)) else { fatalError("ctrsh: out of memory") }
        allocations.append(memory)
        return memory
    }

    /// A copy of `string` as a NUL-terminated C string.
    package func string(_ string: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(string.utf8CString)
        let memory = allocate(utf8.count).bindMemory(to: CChar.self, capacity: utf8.count)
        memory.initialize(from: utf8, count: utf8.count)
        return memory
    }

    /// An optional C string: nil stays NULL.
    package func optionalString(_ string: String?) -> UnsafePointer<CChar>? {
        string.map { UnsafePointer(self.string($0)) }
    }

    /// A NULL-terminated array of C strings, as `execve` takes for argv/envp.
    package func array(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let stride = MemoryLayout<UnsafeMutablePointer<CChar>?>.stride
        let array = allocate(stride * (strings.count + 1))
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1)
        for (index, element) in strings.enumerated() { array[index] = string(element) }
        array[strings.count] = nil
        return array
    }

    /// A copy of `values` (plain C structs) as a C array; nil when empty.
    func array<Element>(of values: [Element]) -> UnsafePointer<Element>? {
        guard !values.isEmpty else { return nil }
        let memory = allocate(MemoryLayout<Element>.stride * values.count)
            .bindMemory(to: Element.self, capacity: values.count)
        memory.initialize(from: values, count: values.count)
        return UnsafePointer(memory)
    }

    deinit {
        for pointer in allocations { free(pointer) }
    }
}
