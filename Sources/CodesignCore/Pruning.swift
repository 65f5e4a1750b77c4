extension Network {
    /// The network with `fraction` of every layer's trained weights pruned away
    /// (unstructured magnitude pruning, Han et al., "Deep Compression", ICLR 2016). Kept
    /// weights are stored with a relative position index of 8 bits in convolutions and 5 bits
    /// in fully connected layers, the widths that paper uses (section 2). MACs do not change:
    /// dense arrays multiply the zeros.
    public func pruned(fraction: Double) throws(GraphError) -> Network {
        guard fraction > 0 else { return self }
        let layers = self.layers.map { layer -> Layer in
            guard layer.op.runsOnPEArray, !layer.weightsAreActivations else { return layer }
            var pruned = layer
            pruned.weightDensity = 1 - fraction
            pruned.sparseIndexBits = layer.op == .fc || layer.op == .matmul ? 5 : 8
            return pruned
        }
        return try Network(name: name, layers: layers)
    }
}
