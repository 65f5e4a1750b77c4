import CodesignCore
import ONNXImport

/// Checks of a `zoo:` network against the zoo, at load time, so that a workload that loads
/// can build every variant it lists.
enum ZooSupport {
    /// The family, or nil after reporting an unknown name with the list of families.
    static func family(_ name: Located<String>, log: DiagnosticLog) -> ZooFamily? {
        if let family = NetworkZoo.family(named: name.value) { return family }
        let names = NetworkZoo.families.map(\.name)
        log.error("unknown zoo network '\(name.value)'; expected one of \(Suggestions.list(names))\(Suggestions.didYouMean(name.value, among: names))",
                  at: name.location)
        return nil
    }

    /// Builds the base network and one network per listed width and resolution; each
    /// failure is reported at the value that causes it. Width never changes spatial sizes
    /// and bit widths never change shapes, so these checks cover every combination.
    static func checkVariants(_ family: ZooFamily, base: ModelVariant, batch: Int, baseLocation: SourceLocation,
                              widths: [Located<Double>], resolutions: [Located<Int>], log: DiagnosticLog) {
        func check(_ variant: ModelVariant, at location: SourceLocation) -> Bool {
            do {
                _ = try family.network(variant).batched(batch)
                return true
            } catch {
                log.error("zoo network '\(family.name)' cannot be built: \(error)", at: location)
                return false
            }
        }
        guard check(base, at: baseLocation) else { return }
        for width in widths where width.value != base.width {
            var variant = base
            variant.width = width.value
            _ = check(variant, at: width.location)
        }
        for resolution in resolutions where resolution.value != base.resolution {
            var variant = base
            variant.resolution = resolution.value
            _ = check(variant, at: resolution.location)
        }
    }
}

extension WorkloadSpec {
    /// Width 1, the workload's input resolution and precision.
    public var baseVariant: ModelVariant {
        ModelVariant(width: 1.0, resolution: input.resolution, weightBits: precision.weights,
                   activationBits: precision.activations)
    }

    /// The network to evaluate: a zoo family built at `variant` (the base variant if nil),
    /// or the explicit layers with the variant's bit widths; pruning is the caller's to apply
    /// (`Network.pruned`). For a zoo network the input
    /// batch multiplies every layer's N (explicit layers got it when decoded). Errors are
    /// located at the `network:` source.
    public func network(_ variant: ModelVariant? = nil) throws(DiagnosticsError) -> Network {
        let variant = variant ?? baseVariant
        let location = locations.networkSource
        var built: Network
        switch self.network {
        case .zoo(let name):
            guard let family = NetworkZoo.family(named: name) else {
                throw DiagnosticsError([.error("unknown zoo network '\(name)'", at: location)])
            }
            do {
                built = try family.network(variant)
            } catch {
                throw DiagnosticsError([.error("zoo network '\(name)' cannot be built: \(error.description)", at: location)])
            }
            // Zoo layers are built for one input; explicit layers already carry the batch.
            do { built = try built.batched(input.batch) } catch {
                throw DiagnosticsError([.error("\(error.description)", at: location)])
            }
        case .layers(let layers):
            guard variant.width == 1.0, variant.resolution == input.resolution else {
                throw DiagnosticsError([.error("an explicit layer list cannot be rescaled to width \(variant.width) and resolution \(variant.resolution)",
                                               at: location)])
            }
            let rebitted = layers.map { layer in
                var layer = layer
                layer.weightBits = variant.weightBits
                layer.activationBits = variant.activationBits
                return layer
            }
            do {
                built = try Network(name: name, layers: rebitted)
            } catch {
                throw DiagnosticsError([.error("\(error.description)", at: location)])
            }
        case .onnx:
            guard let model = onnxModel else {
                throw DiagnosticsError([.error("the ONNX model was not loaded with the workload", at: location)])
            }
            built = try ONNXSupport.network(model, name: name, variant: variant, input: input, precision: precision, at: location)
        }
        return built
    }
}

/// `network: {onnx: …}`: the model read with the workload (its problems located at the model's
/// nodes, with a note at the workload line that names it), and each variant built through it.
enum ONNXSupport {
    static func load(_ path: String, at location: SourceLocation, log: DiagnosticLog) -> ONNXModel? {
        do {
            return try ONNXModel.load(path: path)
        } catch {
            log.append(noted(error, at: location))
            return nil
        }
    }

    static func network(_ model: ONNXModel, name: String, variant: ModelVariant, input: InputSpec, precision: PrecisionSpec,
                        at location: SourceLocation) throws(DiagnosticsError) -> Network {
        // The file's quantised bit-widths stand unless a precision variant asks for others.
        let overrides = variant.weightBits != precision.weights || variant.activationBits != precision.activations
        let options = ONNXBuildOptions(batch: input.batch, resolution: variant.resolution, width: variant.width,
                                       weightBits: variant.weightBits, activationBits: variant.activationBits,
                                       overridesQuantization: overrides)
        do {
            return try model.network(name: name, options)
        } catch {
            throw DiagnosticsError(noted(error, at: location))
        }
    }

    /// Every width and resolution the workload lists must build, each failure at its value.
    static func checkVariants(_ model: ONNXModel, input: InputSpec, precision: PrecisionSpec, at location: SourceLocation,
                              widths: [Located<Double>], resolutions: [Located<Int>], log: DiagnosticLog) {
        let base = ModelVariant(width: 1, resolution: input.resolution, weightBits: precision.weights,
                                activationBits: precision.activations)
        func check(_ variant: ModelVariant, at place: SourceLocation) {
            do { _ = try network(model, name: "check", variant: variant, input: input, precision: precision, at: place) } catch {
                log.append(error.diagnostics)
            }
        }
        check(base, at: location)
        for width in widths where width.value != 1 {
            var variant = base
            variant.width = width.value
            check(variant, at: width.location)
        }
        for resolution in resolutions where resolution.value != base.resolution {
            var variant = base
            variant.resolution = resolution.value
            check(variant, at: resolution.location)
        }
    }

    /// The model's diagnostics, the first with a note at the workload line naming the file.
    private static func noted(_ error: DiagnosticsError, at location: SourceLocation) -> [Diagnostic] {
        var diagnostics = error.diagnostics
        if !diagnostics.isEmpty {
            diagnostics[0].notes.append(.note("the workload names the ONNX model here", at: location))
        }
        return diagnostics
    }
}
