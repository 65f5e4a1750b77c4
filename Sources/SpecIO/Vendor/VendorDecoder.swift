import CodesignCore
import Yams

/// Reads and checks the `vendor:` block of a vendor profile. Every problem is one located
/// diagnostic; the block is returned only when it is whole.
enum VendorDecoder {
    static func decode(_ node: Node, reader: NodeReader) -> VendorSpec? {
        guard var map = reader.mapping(node, "'vendor'") else { return nil }
        let log = reader.log
        let errorsBefore = log.diagnostics.count
        let device = map.required("device").flatMap { nonEmpty($0, "vendor.device", reader: reader) }
        let product = map.required("product").flatMap { nonEmpty($0, "vendor.product", reader: reader) }
        let deviceClass = map.optional("class").flatMap {
            log.choice(reader.string($0, "vendor.class"), "device class", DeviceClass.allCases.map { ($0.rawValue, $0) })
        }
        let peak = map.required("peak_tops").flatMap { figure($0, "vendor.peak_tops", reader: reader) }
        let power = map.optional("power_w").flatMap { figure($0, "vendor.power_w", reader: reader) }
        let price = map.optional("price_usd").flatMap { figure($0, "vendor.price_usd", reader: reader) }
        var precisions: [Int] = []
        if let n = map.required("precisions"), let items = reader.list(n, "vendor.precisions") {
            for item in items {
                if let bits = log.integer(reader.number(item, "vendor.precisions", expected: "a bit-width"),
                                          "vendor.precisions", .positive(max: 32)) { precisions.append(bits) }
            }
            if items.isEmpty { log.error("'vendor.precisions' must list at least one bit-width", at: reader.location(of: n)) }
        }
        var operators = Set<LayerOp>()
        if let n = map.required("operators"), let items = reader.list(n, "vendor.operators") {
            for item in items {
                if let op = log.choice(reader.string(item, "vendor.operators"), "operator",
                                       LayerOp.allCases.map { ($0.rawValue, $0) }) { operators.insert(op) }
            }
        }
        let host = map.optional("host").flatMap { hostSpec($0, reader: reader) }
        let execution = map.optional("execution").flatMap {
            log.choice(reader.string($0, "vendor.execution"), "execution",
                       VendorSpec.Execution.allCases.map { ($0.rawValue, $0) })
        }
        var assumptions: [String] = []
        if let n = map.optional("assumptions"), let items = reader.list(n, "vendor.assumptions") {
            assumptions = items.compactMap { reader.string($0, "vendor.assumptions")?.value }
        }
        let calibration = map.required("calibration").flatMap { calibrationSpec($0, reader: reader) }
        map.reportUnknownKeys()
        if let device, !device.value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            log.error("'vendor.device' must be a name of letters, digits and '-', found '\(device.value)'",
                      at: device.location)
        }
        if operators.isDisjoint(with: LayerOp.allCases.filter(\.runsOnPEArray)), log.diagnostics.count == errorsBefore,
           host == nil {
            log.error("'vendor.operators' names no layer kind of the PE array and there is no 'host' to run them",
                      at: map.location)
        }
        guard log.diagnostics.count == errorsBefore, let device, let product, let peak, let calibration else {
            return nil
        }
        return VendorSpec(device: device.value, product: product.value, deviceClass: deviceClass ?? .npu,
                          peakTOPS: peak, powerW: power, priceUSD: price,
                          precisions: precisions.sorted(), operators: operators, host: host,
                          execution: execution ?? .layerByLayer, assumptions: assumptions,
                          calibration: calibration, location: map.location)
    }

    private static func nonEmpty(_ node: Node, _ name: String, reader: NodeReader) -> Located<String>? {
        guard let text = reader.string(node, name) else { return nil }
        if text.value.allSatisfy(\.isWhitespace) {
            reader.log.error("'\(name)' must not be empty", at: text.location)
            return nil
        }
        return text
    }

    /// `{value: 4, source: "CORAL_USB_DS"}`: a published figure must say where it is from.
    private static func figure(_ node: Node, _ name: String, reader: NodeReader) -> VendorSpec.Figure? {
        guard var map = reader.mapping(node, "'\(name)'") else { return nil }
        let value = map.required("value").flatMap {
            reader.log.real(reader.number($0, "\(name).value", expected: "a number"), "\(name).value",
                            .between(1e-9, 1e9, phrase: "a number from 1e-9 to 1e9"))
        }
        let source = map.required("source").flatMap { nonEmpty($0, "\(name).source", reader: reader) }
        map.reportUnknownKeys()
        guard let value, let source else { return nil }
        return VendorSpec.Figure(value: value, source: source.value)
    }

    private static func hostSpec(_ node: Node, reader: NodeReader) -> VendorSpec.Host? {
        guard var map = reader.mapping(node, "'vendor.host'") else { return nil }
        let name = map.required("name").flatMap { nonEmpty($0, "vendor.host.name", reader: reader) }
        let rate = map.required("macs_per_s").flatMap {
            reader.log.real(reader.number($0, "vendor.host.macs_per_s", expected: "a number"), "vendor.host.macs_per_s",
                            .between(1e3, 1e15, phrase: "a number of MACs per second from 1e3 to 1e15"))
        }
        let source = map.required("source").flatMap { nonEmpty($0, "vendor.host.source", reader: reader) }
        map.reportUnknownKeys()
        guard let name, let rate, let source else { return nil }
        return VendorSpec.Host(name: name.value, macsPerS: rate, source: source.value)
    }

    private static func calibrationSpec(_ node: Node, reader: NodeReader) -> VendorCalibration? {
        guard var map = reader.mapping(node, "'vendor.calibration'") else { return nil }
        let log = reader.log
        func real(_ key: String, required: Bool = true, _ rule: RealRule) -> Double?? {
            let name = "vendor.calibration.\(key)"
            guard let n = required ? map.required(key) : map.optional(key) else { return required ? nil : .some(nil) }
            return log.real(reader.number(n, name, expected: "a number"), name, rule).map { .some($0) }
        }
        // A device sustaining less than a millionth of its peak (or of its link) is no
        // device; the floor keeps a subnormal from turning every figure infinite.
        let fraction = RealRule.between(1e-6, 1, phrase: "a fraction from 0.000001 to 1")
        let seconds = RealRule(lower: 0, lowerInclusive: true, upper: 10, upperInclusive: true,
                               phrase: "a number of seconds from 0 to 10")
        let method = map.required("method").flatMap {
            log.choice(reader.string($0, "vendor.calibration.method"), "calibration method",
                       VendorCalibration.Method.allCases.map { ($0.rawValue, $0) })
        }
        let utilization = real("utilization", fraction)
        let depthwise = real("depthwise_utilization", required: false, fraction)
        let link = real("link_efficiency", fraction)
        let layer = real("layer_overhead_s", seconds)
        let invocation = real("invocation_overhead_s", seconds)
        let floor = real("layer_floor_s", required: false, seconds)
        let concurrency = real("concurrency", required: false,
                               RealRule(lower: 1, lowerInclusive: true, upper: 64, upperInclusive: true,
                                        phrase: "a number from 1 to 64"))
        let power = real("power_w", required: false, .between(1e-6, 1000, phrase: "a number of watts from 0.000001 to 1000"))
        var rows: [String] = []
        if let n = map.optional("rows"), let items = reader.list(n, "vendor.calibration.rows") {
            rows = items.compactMap { reader.string($0, "vendor.calibration.rows")?.value }
        }
        let error = real("median_abs_error", required: false,
                         RealRule(lower: 0, lowerInclusive: true, upper: 100, upperInclusive: true,
                                  phrase: "a non-negative fraction"))
        map.reportUnknownKeys()
        if method == .fitted, rows.isEmpty {
            log.error("a fitted calibration must list the rows it was fitted on ('rows')", at: map.location)
        }
        guard let method, let utilization = utilization ?? nil, let depthwise, let link = link ?? nil, let layer = layer ?? nil,
              let invocation = invocation ?? nil, let floor, let concurrency, let power, let error else { return nil }
        return VendorCalibration(method: method, utilization: utilization, depthwiseUtilization: depthwise,
                                 linkEfficiency: link, layerOverheadS: layer, layerFloorS: floor ?? 0,
                                 invocationOverheadS: invocation, concurrency: concurrency ?? 1, powerW: power, rows: rows,
                                 medianAbsError: error)
    }
}
