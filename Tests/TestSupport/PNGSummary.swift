import CtrRuntime

/// What a PNG shows, in numbers: its size, how many colours it has, how
/// many pixels differ from its commonest colour (the background), and a
/// digest of its pixels. Decoded by python3's standard library (zlib), as
/// the machine has no image library; 8-bit RGB or RGBA, as Chromium writes.
public struct PNGSummary: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let colours: Int
    public let foregroundPixels: Int
    public let digest: String

    /// The share of pixels that are not the background.
    public var foregroundShare: Double { Double(foregroundPixels) / Double(max(1, width * height)) }

    /// Decodes the PNG at `path`; throws when python3 cannot.
    public init(path: String) throws {
        let fields = try HostProgram.output(["python3", "-c", Self.decoder, path]).split(separator: " ")
        guard fields.count == 5, let width = Int(fields[0]), let height = Int(fields[1]),
              let colours = Int(fields[2]), let foreground = Int(fields[3]) else {
            throw PNGSummaryError(path: path, fields: fields.map(String.init))
        }
        self.width = width
        self.height = height
        self.colours = colours
        foregroundPixels = foreground
        digest = String(fields[4].filter { !$0.isWhitespace })
    }

    private static let decoder = #"""
import struct, sys, zlib, collections, hashlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
assert depth == 8 and colour in (2, 6), "only 8-bit RGB or RGBA"
size = 3 if colour == 2 else 4
raw, stride, rows, previous = zlib.decompress(idat), width * size, [], bytearray(width * size)
for y in range(height):
    kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - size] if i >= size else 0
        b, c = previous[i], previous[i - size] if i >= size else 0
        if kind == 1: line[i] = (line[i] + a) & 255
        elif kind == 2: line[i] = (line[i] + b) & 255
        elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); previous = line
pixels = collections.Counter(row[i:i + 3] for row in rows for i in range(0, stride, size))
background = pixels.most_common(1)[0][1]
print(width, height, len(pixels), width * height - background, hashlib.sha256(b"".join(rows)).hexdigest())
"""#
}

/// A file python3 could not decode as a PNG, and what it printed instead.
public struct PNGSummaryError: Error {
    public let path: String
    public let fields: [String]
}
