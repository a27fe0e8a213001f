import CtrRuntime

/// One `cgroup set CONTROLLER VALUE`, parsed and validated: a limit of
/// `CgroupLimitTable`, or a raw interface file.
enum CgroupSetting: Equatable {
    /// The limit `word` names, and its value.
    case limit(word: String, value: CgroupLimitValue)
    case raw(file: String, value: String)

    static func parse(
        _ args: Arguments, controller controllerOperand: Operand<String>, value valueOperand: Operand<String>
    ) throws(CommandError) -> CgroupSetting {
        let controller = args[controllerOperand]
        let value = args[valueOperand]
        guard let limit = CgroupLimitTable.limit(named: controller) else {
            guard controller.contains("."), !controller.hasPrefix("."), !controller.contains("/") else {
                throw args.error(unknownController(controller, command: "cgroup set"), at: controllerOperand)
            }
            return .raw(file: controller, value: rawValue(value, file: controller))
        }
        let valueAt = args.position(of: valueOperand)
        return .limit(word: controller, value: try parse(value, as: limit.kind, for: "cgroup set \(controller)", at: valueAt))
    }

    /// The value of a limit of `kind`, or an error that says what is accepted.
    static func parse(_ value: String, as kind: CgroupLimitKind, for name: String, at: Int?) throws(CommandError) -> CgroupLimitValue {
        switch kind {
        case .size: return .bytes(try ValueConversion.size(value, for: name, at: at))
        case .count: return .count(try ValueConversion.count(value, for: name, at: at))
        case .cpu: return .cpu(try ValueConversion.cpu(value, for: name, at: at))
        case .cpuList:
            guard isCPUList(value) else {
                throw CommandError("\(name): `\(value)` is not a CPU list (examples: 0, 0-1, 0,2-3)", wordIndex: at)
            }
            return .cpus(value)
        case .weight(let range):
            guard let weight = UInt64(value), range.contains(weight) else {
                throw CommandError("\(name): `\(value)` is not a weight from \(range.lowerBound) to \(range.upperBound)", wordIndex: at)
            }
            return .weight(weight)
        }
    }

    /// Memory files take bytes: `32M` becomes `33554432`; other values stay as typed.
    private static func rawValue(_ value: String, file: String) -> String {
        guard file.hasPrefix("memory."), value.last?.isLetter == true,
              case .bytes(let bytes)? = try? ValueConversion.size(value, for: "", at: nil)
        else { return value }
        return String(bytes)
    }

    static func unknownController(_ word: String, command: String) -> Phrase {
        let words = CgroupLimitTable.words
        let hint: Phrase = Suggestion.closest(to: word, among: words).map { " — did you mean `\($0)`?" } ?? ""
        return "\(command): `\(word)` is not a controller\(hint) (\(words.joined(separator: ", ")), or an interface file such as memory.high)"
    }

    private static func isCPUList(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { range in
            let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
            return (1...2).contains(bounds.count) && bounds.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        }
    }

    func apply(to limits: inout CgroupLimits) {
        switch self {
        case .limit(let word, let value): CgroupLimitTable.limit(named: word)?.assign(&limits, value)
        case .raw(let file, let value):
            limits.raw.removeAll { $0.file == file }
            limits.raw.append(RawCgroupSetting(file: file, value: value))
        }
    }

    static func unset(_ controller: String, in limits: inout CgroupLimits) {
        if let limit = CgroupLimitTable.limit(named: controller) {
            limit.assign(&limits, nil)
        } else {
            limits.raw.removeAll { $0.file == controller }
        }
    }
}
