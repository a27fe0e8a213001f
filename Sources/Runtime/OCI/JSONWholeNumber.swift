/// A JSON number that must be a whole number that fits `Value`. Decoding
/// `-1` or `1.5` as a `UInt32` with JSONDecoder fails with "The given data
/// was not valid JSON" and no field; this type fails with an error that
/// names the field and the range instead.
public struct JSONWholeNumber<Value: FixedWidthInteger & Codable & Sendable>: Codable, Equatable, Sendable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            value = try container.decode(Value.self)
        } catch let error as DecodingError {
            throw error  // a string, a list…: it names the field already
        } catch {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: container.codingPath, debugDescription: "",
                underlyingError: WholeNumberRange(min: "\(Value.min)", max: "\(Value.max)")))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// A number JSONWholeNumber refused: not whole, or outside `min`…`max`.
struct WholeNumberRange: Error {
    var min: String
    var max: String
}
