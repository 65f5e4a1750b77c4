/// A layer that reads a tensor its producers do not write: the channels it reads differ from
/// the channels they produce, or an addition joins tensors of different shapes. Such a graph
/// would be costed as if data appeared from nowhere (or vanished), so it is refused.
///
/// Only what the loop nests determine is compared. Spatial sizes of convolutions and pools
/// are not: the layer model carries no padding, and a resize between two layers (DeepLab's
/// upsampled image pooling) is legitimately no layer at all. Attention matmuls, whose
/// operands are reshaped into heads, are not compared either.
public enum ShapeMismatch: Sendable, Hashable, CustomStringConvertible {
    /// `reads` input channels (C·G), more than `produced` (their sum over the producers, or
    /// for a fully connected layer, more than the elements they write).
    case channels(reads: Int, produced: Int, producers: [String])
    /// An addition of `channels` channels at `height`×`width` joined with a producer of
    /// other channels, or of another size in the same batch (a 1×1 producer of the same
    /// channels is a broadcast gate).
    case addition(channels: Int, height: Int, width: Int, producer: String,
                  producerChannels: Int, producerHeight: Int, producerWidth: Int)

    public var description: String {
        switch self {
        case .channels(let reads, let produced, let producers):
            "reads \(reads) input channels (C·G), but its producer\(producers.count == 1 ? "" : "s") "
                + "\(producers.map { "'\($0)'" }.joined(separator: ", ")) write\(producers.count == 1 ? "s" : "") \(produced); "
                + "C·G must not exceed the channels its inputs carry (summed when several are concatenated)"
        case .addition(let channels, let height, let width, let producer, let pc, let ph, let pw):
            "adds tensors of \(channels) channels at \(height)x\(width), but '\(producer)' writes \(pc) channels at \(ph)x\(pw); "
                + "the tensors of an addition have one shape (or the other is a \(channels)-channel 1x1 gate)"
        }
    }

    /// Channels a layer writes: K per group times the groups.
    static func outputChannels(_ layer: Layer) -> Int { layer.bounds.g * layer.bounds.k }

    /// The first mismatch between `consumer` and the layers it reads, nil when they agree or
    /// the shapes cannot be compared (the network input, attention matmuls).
    static func find(consumer: Layer, producers: [Layer]) -> ShapeMismatch? {
        guard !producers.isEmpty, consumer.op != .matmul, !producers.contains(where: { $0.op == .matmul }) else { return nil }
        let b = consumer.bounds
        if consumer.op == .add {
            for producer in producers {
                let pb = producer.bounds
                let channels = outputChannels(producer)
                // Spatial sizes are compared only between tensors of one batch: a
                // transformer's tokens are the batch dimension of a flattened grid (plus
                // concatenated class tokens, which are no layer).
                let spatialAgrees = pb.n != b.n || (pb.p == b.p && pb.q == b.q) || (pb.p == 1 && pb.q == 1)
                if channels != b.g || !spatialAgrees {
                    return .addition(channels: b.g, height: b.p, width: b.q, producer: producer.name,
                                     producerChannels: channels, producerHeight: pb.p, producerWidth: pb.q)
                }
            }
            return nil
        }
        // A layer may read part of what its producers write (a channel split or slice
        // between them is no layer), never more.
        let reads = b.g * b.c
        let produced = producers.reduce(0) { $0 + outputChannels($1) }
        if reads <= produced { return nil }
        if consumer.op == .fc {
            // A fully connected layer reads the flattened tensor: its rows times its
            // inputs are at most the elements its producers write.
            let elements = producers.reduce(0) { $0 + outputChannels($1) * $1.bounds.n * $1.bounds.p * $1.bounds.q }
            if reads * b.n <= elements { return nil }
        }
        return .channels(reads: reads, produced: produced, producers: producers.map(\.name))
    }
}
