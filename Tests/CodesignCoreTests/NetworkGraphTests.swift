import CodesignCore
import Testing

private func conv(_ name: String, inputs: [String] = [], k: Int = 4, c: Int = 4, p: Int = 2) -> Layer {
    Layer(name: name, op: .conv, bounds: DimensionVector(k: k, c: c, p: p, q: p, r: 3, s: 3), inputNames: inputs)
}

private func add(_ name: String, channels: Int = 4, p: Int = 2, n: Int = 1, inputs: [String]) -> Layer {
    Layer(name: name, op: .add, bounds: DimensionVector(g: channels, n: n, p: p, q: p), inputNames: inputs)
}

private func fc(_ name: String, k: Int, c: Int, inputs: [String] = []) -> Layer {
    Layer(name: name, op: .fc, bounds: DimensionVector(k: k, c: c), inputNames: inputs)
}

struct NetworkGraphCase: CustomTestStringConvertible, Sendable {
    var label: String
    var layers: [Layer]
    var expected: Network.GraphError?
    var testDescription: String { label }
}

@Test(arguments: [
    NetworkGraphCase(label: "chain", layers: [conv("a"), conv("b"), conv("c")], expected: nil),
    NetworkGraphCase(label: "concatenation", layers: [conv("a"), conv("b"), conv("c", inputs: ["a", "b"], c: 8)], expected: nil),
    NetworkGraphCase(label: "residual addition", layers: [conv("a"), conv("b"), add("s", inputs: ["b", "a"])], expected: nil),
    NetworkGraphCase(label: "gate broadcast from 1x1", layers: [conv("a"), conv("g", p: 1), add("s", inputs: ["a", "g"])],
                     expected: nil),
    NetworkGraphCase(label: "fc after a flatten", layers: [conv("a", k: 8), fc("f", k: 10, c: 8 * 2 * 2)], expected: nil),
    NetworkGraphCase(label: "fc after a global pool", layers: [conv("a", k: 8, p: 1), fc("f", k: 10, c: 8)], expected: nil),
    NetworkGraphCase(label: "tokens added to a flattened grid", layers: [conv("a"), add("s", p: 1, n: 5, inputs: ["a", "a"])],
                     expected: nil),
    NetworkGraphCase(label: "channels its producer does not write", layers: [conv("a", k: 8), conv("b", c: 1000, p: 512)],
                     expected: .shapeMismatch(layer: "b", .channels(reads: 1000, produced: 8, producers: ["a"]))),
    NetworkGraphCase(label: "a channel split reads part of its producer", layers: [conv("a", k: 8), conv("b", c: 2)],
                     expected: nil),
    NetworkGraphCase(label: "fc over tokens flattened into channels", layers: [
        Layer(name: "t", op: .fc, bounds: DimensionVector(n: 16, k: 32, c: 64)), fc("f", k: 10, c: 512)], expected: nil),
    NetworkGraphCase(label: "concatenation read with too many channels", layers: [conv("a"), conv("b"), conv("c", inputs: ["a", "b"], c: 12)],
                     expected: .shapeMismatch(layer: "c", .channels(reads: 12, produced: 8, producers: ["a", "b"]))),
    NetworkGraphCase(label: "addition of other channels", layers: [conv("a", k: 8), conv("b", c: 8), add("s", inputs: ["b", "a"])],
                     expected: .shapeMismatch(layer: "s", .addition(channels: 4, height: 2, width: 2, producer: "a",
                                                                   producerChannels: 8, producerHeight: 2, producerWidth: 2))),
    NetworkGraphCase(label: "addition of another size", layers: [conv("a", p: 4), conv("b", p: 2), add("s", inputs: ["b", "a"])],
                     expected: .shapeMismatch(layer: "s", .addition(channels: 4, height: 2, width: 2, producer: "a",
                                                                   producerChannels: 4, producerHeight: 4, producerWidth: 4))),
    NetworkGraphCase(label: "fc reading neither the channels nor the flattened tensor",
                     layers: [conv("a", k: 8), fc("f", k: 10, c: 40)],
                     expected: .shapeMismatch(layer: "f", .channels(reads: 40, produced: 8, producers: ["a"]))),
    NetworkGraphCase(label: "empty", layers: [], expected: .empty),
    NetworkGraphCase(label: "duplicate", layers: [conv("a"), conv("a")],
                     expected: .duplicateName("a", firstIndex: 0, secondIndex: 1)),
    NetworkGraphCase(label: "unknown producer", layers: [conv("a"), conv("b", inputs: ["zz"])],
                     expected: .unknownProducer(layer: "b", producer: "zz")),
    NetworkGraphCase(label: "two-cycle", layers: [conv("a"), conv("b", inputs: ["c"]), conv("c", inputs: ["b"])],
                     expected: .cycle(["b", "c", "b"])),
    NetworkGraphCase(label: "self-loop", layers: [conv("a", inputs: ["a"])], expected: .cycle(["a", "a"])),
    NetworkGraphCase(label: "forward reference", layers: [conv("a", inputs: ["b"]), conv("b")],
                     expected: .producerAfterConsumer(layer: "a", producer: "b")),
])
func networkGraphChecks(_ c: NetworkGraphCase) {
    let problems = Network.check(layers: c.layers)
    #expect(problems.first?.error == c.expected)
    if c.expected == nil {
        #expect(throws: Never.self) { try Network(name: "n", layers: c.layers) }
    }
}

@Test func producersDefaultToPreviousLayer() throws {
    let network = try Network(name: "n", layers: [conv("a"), conv("b"), conv("c", inputs: ["a", "b"], c: 8)])
    #expect(network.producers == [[], [0], [0, 1]])
}

@Test func layerCountsByHand() {
    // conv 3x3, 4 -> 8 channels, 5x5 output, stride 2: 8*4*25*9 = 7200 MACs.
    let layer = Layer(name: "c", op: .conv, bounds: DimensionVector(k: 8, c: 4, p: 5, q: 5, r: 3, s: 3), strideH: 2, strideW: 2)
    #expect(layer.macs == 7200)
    #expect(layer.weightCount == 288)
    #expect(layer.inputHeight == 11)   // (5-1)*2 + 3
    #expect(layer.elementCount(of: .inputs) == 4 * 11 * 11)
    #expect(layer.elementCount(of: .outputs) == 8 * 25)
    // Depthwise: 16 groups of one channel.
    let dw = Layer(name: "d", op: .depthwise, bounds: DimensionVector(g: 16, p: 4, q: 4, r: 3, s: 3))
    #expect(dw.macs == 16 * 16 * 9)
    #expect(dw.weightCount == 144)
    // Pooling runs on the vector unit.
    let pool = Layer(name: "p", op: .pool, bounds: DimensionVector(g: 8, p: 2, q: 2, r: 2, s: 2), strideH: 2, strideW: 2)
    #expect(pool.macs == 0)
    #expect(pool.vectorOps == 8 * 4 * 4)
}

struct BatchCase: CustomTestStringConvertible, Sendable {
    var label: String
    /// N of each layer, and whether it is a pooling layer (not on the PE array).
    var layers: [(n: Int, pool: Bool)]
    var images: Int
    /// What `perImage` divides out, and the layers' N after it.
    var dividedOut: Int
    var perImageNs: [Int]
    var testDescription: String { label }
}

/// A run's batch is what every PE-array layer carries; the per-image network divides it out
/// only when every layer carries it. Expected values counted by hand.
@Test(arguments: [
    BatchCase(label: "batch 4 everywhere", layers: [(4, false), (4, true), (4, false)], images: 4, dividedOut: 4,
              perImageNs: [1, 1, 1]),
    BatchCase(label: "array layers 6 and 4: gcd 2", layers: [(6, false), (4, false)], images: 2, dividedOut: 2,
              perImageNs: [3, 2]),
    BatchCase(label: "a pool without the batch", layers: [(4, false), (1, true)], images: 4, dividedOut: 1,
              perImageNs: [4, 1]),
    BatchCase(label: "no batch", layers: [(1, false), (1, true)], images: 1, dividedOut: 1, perImageNs: [1, 1]),
])
func batchOfARun(_ c: BatchCase) throws {
    let layers = c.layers.enumerated().map { i, l in
        // A pool is one group per channel (G = 4, K = C = 1), so every layer reads 4 channels.
        Layer(name: "l\(i)", op: l.pool ? .pool : .conv,
              bounds: l.pool ? DimensionVector(g: 4, n: l.n, p: 2, q: 2, r: 3, s: 3)
                  : DimensionVector(n: l.n, k: 4, c: 4, p: 2, q: 2, r: 3, s: 3))
    }
    let network = try Network(name: "n", layers: layers)
    #expect(network.imagesPerInference == c.images)
    let (single, images) = network.perImage
    #expect(images == c.dividedOut)
    #expect(single.layers.map(\.bounds.n) == c.perImageNs)
}
