import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling

/// Why a network cannot run on a device; the message is shown to the user as the reason.
public struct DeviceRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One layer as the device model sees it: the engine's time on the accelerator and what
/// crosses the off-chip link, or, for a layer the accelerator cannot run, the host's work.
public struct LayerTerms: Sendable, Hashable {
    public var name: String
    /// False when the layer's kind is not among the device's operators: it runs on the host.
    public var onAccelerator: Bool
    /// Depthwise layers take the device's depthwise utilisation.
    public var isDepthwise: Bool
    /// Layers of the PE array pay the per-layer overhead; pooling and additions are fused
    /// into their producer by vendor compilers, so they do not.
    public var isArrayLayer: Bool
    /// The engine's time on chip: the slower of the array and the on-chip memories, in
    /// seconds at the profile's clock.
    public var onChipS: Double
    /// Weight bytes read over the off-chip link per inference, after the network schedule
    /// kept what fits resident.
    public var weightLinkBytes: Double
    /// Input and output bytes over the off-chip link per inference.
    public var activationLinkBytes: Double
    /// Multiply-accumulates and vector operations, for a layer that runs on the host.
    public var hostOps: Double
    /// Bytes sent to and fetched back from the host for a layer that runs there.
    public var hostTransferBytes: Double
}

/// A network evaluated by the engine on a vendor profile's design, split into the terms the
/// calibrated device model weighs (DeviceModel). Evaluating once and weighing many times is
/// what makes fitting fast: the engine is not re-run for each trial parameter.
public struct DeviceTerms: Sendable {
    public var device: String
    public var network: String
    public var layers: [LayerTerms]
    /// Nominal bandwidth of the outermost level (host link or DRAM); nil when unbounded.
    public var linkBytesPerS: Double?
    /// The bit-width the network runs at on the device.
    public var runBits: Int
    /// Contexts the network is split into on a streaming device (`VendorSpec.Execution`):
    /// one more than the layers that need a whole activation operand; 1 otherwise. Above 1,
    /// every weight crosses the link once per batch.
    public var contexts: Int

    public init(device: String, network: String, layers: [LayerTerms], linkBytesPerS: Double?, runBits: Int,
                contexts: Int = 1) {
        self.device = device
        self.network = network
        self.layers = layers
        self.linkBytesPerS = linkBytesPerS
        self.runBits = runBits
        self.contexts = contexts
    }

    /// Contexts of `network` on a device that runs it as `execution` (see `contexts`): each
    /// accelerated layer whose second operand is an activation starts a new one.
    public static func contexts(of network: Network, execution: VendorSpec.Execution, operators: Set<LayerOp>) -> Int {
        guard execution == .streaming else { return 1 }
        return 1 + network.layers.count { $0.weightsAreActivations && operators.contains($0.op) }
    }

    /// The smallest precision the device runs that holds the network's widest operand, or a
    /// refusal that says what the device runs.
    public static func runBits(for network: Network, on vendor: VendorSpec) -> Result<Int, DeviceRefusal> {
        let bits = network.layers.map { max($0.weightBits, $0.activationBits) }.max() ?? 8
        if let run = vendor.precisions.first(where: { $0 >= bits }) { return .success(run) }
        let runs = vendor.precisions.map { "\($0)-bit" }.joined(separator: " or ")
        return .failure(DeviceRefusal("\(vendor.device) runs \(runs) models only; this variant is \(bits)-bit"))
    }

    /// Evaluates `network` with the engine on `accelerator` (the profile's design): search
    /// mapper, network-schedule ILP for weight residency, latency objective, as a compiler
    /// for a fixed product would. Layers of unsupported kinds are costed on the host.
    public static func evaluate(_ network: Network, on accelerator: Accelerator, vendor: VendorSpec,
                                cache: MappingCache? = nil) throws -> DeviceTerms {
        let bits: Int
        switch runBits(for: network, on: vendor) {
        case .success(let b): bits = b
        case .failure(let refusal): throw refusal
        }
        if let unsupported = network.layers.first(where: { !vendor.operators.contains($0.op) }), vendor.host == nil {
            throw DeviceRefusal("\(vendor.device) cannot run '\(unsupported.name)' (\(unsupported.op.rawValue)) "
                                + "and has no host CPU to fall back to")
        }
        // A narrower model runs at the device's precision (an int8 model on an FP16-only
        // device is converted to FP16), so its operands are that wide on the device.
        let runNetwork = try Network(name: network.name, layers: network.layers.map { layer in
            var layer = layer
            layer.weightBits = max(layer.weightBits, min(bits, accelerator.peArray.precisionBits))
            layer.activationBits = max(layer.activationBits, min(bits, accelerator.peArray.precisionBits))
            return layer
        })
        var evaluator = try NetworkEvaluator(accelerator: accelerator, objective: .latency, mapper: .search, schedule: .ilp)
        evaluator.cache = cache
        let evaluation = try evaluator.evaluate(runNetwork)
        let clockHz = accelerator.technology.clockMHz * 1e6
        let weights = Operand.allCases.firstIndex(of: .weights)!
        let contexts = contexts(of: runNetwork, execution: vendor.execution, operators: vendor.operators)
        let layers = evaluation.layers.map { l -> LayerTerms in
            let cost = l.result.cost
            let removed = l.scheduled?.offChipBytesRemovedByOperand ?? Array(repeating: 0, count: Operand.allCases.count)
            let byOperand = zip(cost.offChipBytesByOperand, removed).map { max(0, $0 - $1) }
            // An attention matmul's second operand sits in the weight slot but is an activation
            // of each image: its traffic is paid per image, and a context switch never reloads it.
            let isWeight = !l.layer.weightsAreActivations
            let scheduledWeightBytes = isWeight && byOperand.indices.contains(weights) ? byOperand[weights] : 0
            let activationLink = byOperand.reduce(0, +) - scheduledWeightBytes
            let reloaded = contexts > 1 && isWeight ? Double(l.layer.elementCount(of: .weights) * l.layer.weightBits) / 8 : 0
            let weightBytes = max(scheduledWeightBytes, reloaded)
            let onAccelerator = vendor.operators.contains(l.layer.op)
            let activationBytes = Double(l.layer.elementCount(of: .inputs) * l.layer.activationBits
                                         + l.layer.elementCount(of: .outputs) * l.layer.activationBits) / 8
            return LayerTerms(
                name: l.layer.name, onAccelerator: onAccelerator, isDepthwise: l.layer.op == .depthwise,
                isArrayLayer: l.layer.op.runsOnPEArray,
                onChipS: cost.onChipCycles / clockHz,
                weightLinkBytes: weightBytes,
                activationLinkBytes: activationLink,
                hostOps: Double(l.layer.macs + l.layer.vectorOps),
                hostTransferBytes: onAccelerator ? 0 : activationBytes)
        }
        let outermost = accelerator.memory.last
        let link = outermost.flatMap { level in
            level.bandwidthBytesPerSecond ?? level.bandwidthBytesPerCycle.map { $0 * clockHz }
        }
        return DeviceTerms(device: vendor.device, network: network.name, layers: layers, linkBytesPerS: link,
                           runBits: bits, contexts: contexts)
    }
}
