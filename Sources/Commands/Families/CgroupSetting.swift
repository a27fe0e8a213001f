import CtrRuntime

/// One `cgroup set CONTROLLER VALUE`, parsed and validated.
enum CgroupSetting: Equatable {
    case memory(ByteLimit)
    case memorySwap(ByteLimit)
    case pids(UInt64?)
    case cpu(CPULimit?)
    case cpuset(String)
    case ioWeight(UInt64)
    case raw(file: String, value: String)

    static func parse(_ args: Arguments) throws(CommandError) -> CgroupSetting {
        let controller = args.string("CONTROLLER") ?? ""
        let value = args.string("VALUE") ?? ""
        let name = "cgroup set \(controller)"
        let at = args.position(of: "VALUE")
        switch controller {
        case "memory": return .memory(try ValueConversion.size(value, for: name, at: at))
        case "memory.swap": return .memorySwap(try ValueConversion.size(value, for: name, at: at))
        case "pids": return .pids(try ValueConversion.count(value, for: name, at: at))
        case "cpu": return .cpu(try ValueConversion.cpu(value, for: name, at: at))
        case "cpuset":
            guard isCPUList(value) else {
                throw CommandError("\(name): `\(value)` is not a CPU list (examples: 0, 0-1, 0,2-3)", wordIndex: at)
            }
            return .cpuset(value)
        case "io.weight":
            guard let weight = UInt64(value), (1...10000).contains(weight) else {
                throw CommandError("\(name): `\(value)` is not a weight from 1 to 10000", wordIndex: at)
            }
            return .ioWeight(weight)
        default:
            guard controller.contains("."), !controller.hasPrefix("."), !controller.contains("/") else {
                throw args.error(unknownController(controller, command: "cgroup set"), at: "CONTROLLER")
            }
            return .raw(file: controller, value: rawValue(value, file: controller))
        }
    }

    /// Memory files take bytes: `32M` becomes `33554432`; other values stay as typed.
    private static func rawValue(_ value: String, file: String) -> String {
        guard file.hasPrefix("memory."), value.last?.isLetter == true,
              case .bytes(let bytes)? = try? ValueConversion.size(value, for: "", at: nil)
        else { return value }
        return String(bytes)
    }

    static func unknownController(_ word: String, command: String) -> String {
        let hint = Suggestion.closest(to: word, among: CgroupControllers.names).map { " — did you mean `\($0)`?" } ?? ""
        return "\(command): `\(word)` is not a controller\(hint) (\(CgroupControllers.names.joined(separator: ", ")), or an interface file such as memory.high)"
    }

    private static func isCPUList(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { range in
            let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
            return (1...2).contains(bounds.count) && bounds.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        }
    }

    func apply(to limits: inout CgroupLimits) {
        switch self {
        case .memory(let value): limits.memory = value
        case .memorySwap(let value): limits.memorySwap = value
        case .pids(let value): limits.pids = value
        case .cpu(let value): limits.cpu = value
        case .cpuset(let value): limits.cpuset = value
        case .ioWeight(let value): limits.ioWeight = value
        case .raw(let file, let value):
            limits.raw.removeAll { $0.file == file }
            limits.raw.append(RawCgroupSetting(file: file, value: value))
        }
    }

    static func unset(_ controller: String, in limits: inout CgroupLimits) {
        switch controller {
        case "memory": limits.memory = nil
        case "memory.swap": limits.memorySwap = nil
        case "pids": limits.pids = nil
        case "cpu": limits.cpu = nil
        case "cpuset": limits.cpuset = nil
        case "io.weight": limits.ioWeight = nil
        default: limits.raw.removeAll { $0.file == controller }
        }
    }
}
