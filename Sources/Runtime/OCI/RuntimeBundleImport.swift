import CtrKernel
import FoundationEssentials

/// Reads an OCI runtime bundle's config.json (runtime-spec 1.x) into a
/// container spec: a pure function from the file's bytes to the spec and
/// one line per field ctrsh cannot represent. Text that is not JSON, or a
/// field of the wrong type, is an error naming the file and the line and
/// column or the field.
public enum RuntimeBundleImport {
    /// What the reading needs to know besides the bytes.
    public struct Context: Sendable {
        /// The bundle's directory: relative `root.path` and bind sources are inside it.
        public var bundleDirectory: String
        /// The cgroup version ctrsh uses here (nil: no cgroups), which says
        /// whether `linux.resources.unified` files can be kept.
        public var cgroupVersion: CgroupVersion?
        /// The caller's IDs: a user namespace mapping only them to root is
        /// what ctrsh does without `user map`.
        public var callerUID: UInt32
        public var callerGID: UInt32

        public init(bundleDirectory: String, cgroupVersion: CgroupVersion?, callerUID: UInt32, callerGID: UInt32) {
            self.bundleDirectory = bundleDirectory
            self.cgroupVersion = cgroupVersion
            self.callerUID = callerUID
            self.callerGID = callerGID
        }
    }

    /// The spec a config describes, and what of the config it leaves out.
    public struct Result: Sendable {
        public var spec: ContainerSpec
        /// One note per field ctrsh could not take as it was.
        public var notes: [BundleImportNote]
    }

    /// Reads `bytes`, the contents of `file` (named in errors).
    public static func load(_ bytes: [UInt8], file: String, context: Context) throws(RuntimeError) -> Result {
        // JSONDecoder alone takes trailing commas and `\u0000`: the strict grammar first.
        if let problem = JSONSyntaxLocator.firstProblem(in: bytes) { throw .image(.configNotJSON(file: file, problem)) }
        let data = Data(bytes)
        let config: RuntimeBundleConfig
        let tree: JSONValue
        do {
            config = try JSONDecoder().decode(RuntimeBundleConfig.self, from: data)
            tree = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw .image(.configInvalid(file: file, describe(error, bytes: bytes)))
        } catch {
            throw .image(.configInvalid(file: file, .other("\(error)")))
        }
        var reader = RuntimeBundleSpecReader(context: context)
        let spec: ContainerSpec
        do {
            spec = try reader.spec(from: config)
        } catch {
            throw .image(.inConfig(file: file, error))
        }
        return Result(spec: spec, notes: RuntimeBundleFields.unmapped(in: tree) + reader.notes)
    }

    /// What is wrong with the config's fields, or, for text that is not
    /// JSON, where it stops being JSON.
    static func describe(_ error: DecodingError, bytes: [UInt8]) -> ConfigDecodeProblem {
        switch error {
        case .typeMismatch(let type, let context):
            let found = context.debugDescription.firstRange(of: "but found ").map { match in
                kind(named: context.debugDescription[match.upperBound...].replacing(" instead.", with: ""))
            }
            return .expected(field: field(context.codingPath), kind(of: type), found: found)
        case .valueNotFound(let type, let context):
            return .expected(field: field(context.codingPath), kind(of: type), found: .null)
        case .keyNotFound(let key, let context):
            return .missing(field: field(context.codingPath + [key]))
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            if let range = context.underlyingError as? WholeNumberRange {
                return .notWholeNumber(field: field(context.codingPath), min: range.min, max: range.max)
            }
            return .invalid(field: field(context.codingPath), detail: context.debugDescription)
        case .dataCorrupted(let context):
            guard let problem = JSONSyntaxLocator.firstProblem(in: bytes) else { return .notValidJSON(detail: context.debugDescription) }
            return .notJSON(problem)
        @unknown default:
            return .other("\(error)")
        }
    }

    /// `process.args[1]`; nil for the top of the file.
    private static func field(_ path: [any CodingKey]) -> String? {
        guard !path.isEmpty else { return nil }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func kind(of type: Any.Type) -> JSONKind {
        switch type {
        case is String.Type: .string
        case is Bool.Type: .bool
        case is any FixedWidthInteger.Type: .wholeNumber
        case is Double.Type: .number
        default:
            String(describing: type).hasPrefix("Array") ? .list : .object
        }
    }

    /// The kind the decoder's words name (`number`, `an array`, `null`).
    private static func kind(named noun: Substring) -> JSONKind {
        let bare = noun.hasPrefix("a ") ? noun.dropFirst(2) : noun.hasPrefix("an ") ? noun.dropFirst(3) : noun
        switch bare {
        case "null": return .null
        case "array": return .list
        case "dictionary", "object": return .object
        case "number": return .number
        case "string": return .string
        default: return .named(String(noun))
        }
    }
}
