import CodesignCore
import Foundation
@testable import SpecIO
import Testing
import TestSupport

/// One row of Fixtures/zoo_published_counts.csv: a published MAC / parameter figure, the zoo
/// variant it describes, and how that source counts. Most are copied from
/// ../shared/reference/model_variants.csv (line `sourceLine`); the families added for vendor
/// calibration (VGG-19, SSD, DeepLab, ResNet-8, ViT-S) have figures that file lacks, taken
/// from the models' own tables and cited in full in `source_ids`.
struct PublishedRow: Sendable, CustomTestStringConvertible {
    /// How the source turned its exact count into the printed figure, i.e. which exact
    /// values a printed figure stands for. The 1 % tolerance (of the stated value) is allowed
    /// around that interval, so that "14" (M MACs, MobileNet v1 0.25_128) is not asked to
    /// be known to 0.14 M.
    enum Rounding: String, Sendable {
        /// To the nearest unit of the last printed digit: stated ± half a unit.
        case nearest
        /// Cut off after the last printed digit: [stated, stated + one unit). TF-slim's
        /// MobileNet v2 table does this: all 22 of its MAC figures lie in that interval
        /// (300.78 M is listed as "300", 11.94 M as "11"), 8 of them outside the nearest one.
        case truncated
    }

    /// nil for a figure that model_variants.csv lacks; `sourceIDs` then cite it (or name a
    /// source id that file defines, such as TV_DOCS).
    var sourceLine: Int?
    var family: String
    var variant: String
    /// Either figure may be empty when the source gives only the other one (DeepLab's model
    /// zoo lists Multiply-Adds, no parameter counts).
    var macsText: String
    var paramsText: String
    var sourceIDs: String
    var zooFamily: String
    var zooWidth: Double
    var zooResolution: Int
    /// `conv`: the source counts convolution layers only (Eyeriss' VGG-16 figures).
    var convolutionsOnly: Bool
    var convention: ZooParameterConvention?
    var rounding: Rounding?
    var expressible: Bool
    var reason: String

    var testDescription: String {
        "\(sourceLine.map { "line \($0)" } ?? "not in model_variants.csv"): \(variant) [\(sourceIDs)]"
    }

    static let columns = ["source_line", "family", "variant", "width", "resolution", "macs_M", "params_M",
                          "source_ids", "zoo_family", "zoo_width", "zoo_resolution", "layers",
                          "parameter_convention", "rounding", "expressible", "reason"]

    static func all() throws -> [PublishedRow] {
        let url = try #require(Bundle.module.url(forResource: "zoo_published_counts", withExtension: "csv",
                                                 subdirectory: "Fixtures"))
        let records = CSV.parse(try String(contentsOf: url, encoding: .utf8))
        try #require(records.first == columns, "fixture header")
        return records.dropFirst().map { fields in
            let field = Dictionary(uniqueKeysWithValues: zip(columns, fields + Array(repeating: "", count: max(0, columns.count - fields.count))))
            return PublishedRow(
                sourceLine: Int(field["source_line"]!),
                family: field["family"]!, variant: field["variant"]!,
                macsText: field["macs_M"]!, paramsText: field["params_M"]!, sourceIDs: field["source_ids"]!,
                zooFamily: field["zoo_family"]!, zooWidth: Double(field["zoo_width"]!) ?? 0,
                zooResolution: Int(field["zoo_resolution"]!) ?? 0,
                convolutionsOnly: field["layers"] == "conv",
                convention: ZooParameterConvention(rawValue: field["parameter_convention"]!),
                rounding: Rounding(rawValue: field["rounding"]!),
                expressible: field["expressible"] == "yes", reason: field["reason"]!)
        }
    }

    static func expressibleRows() throws -> [PublishedRow] { try all().filter(\.expressible) }
    static func excludedRows() throws -> [PublishedRow] { try all().filter { !$0.expressible } }

    /// Relative distance (fraction of the stated value) from `ours` to the values the printed
    /// figure `text` stands for; 0 inside.
    func distance(_ ours: Double, from text: String) -> Double {
        let stated = Double(text)!
        let decimals = text.split(separator: ".").dropFirst().first?.count ?? 0
        let unit = pow(10, -Double(decimals))
        let (lower, upper) = rounding == .truncated ? (stated, stated + unit) : (stated - unit / 2, stated + unit / 2)
        if ours < lower { return (lower - ours) / stated }
        if ours > upper { return (ours - upper) / stated }
        return 0
    }
}

/// Minimal RFC 4180 reader: quoted fields may hold commas and doubled quotes.
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = text.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" {
                    if let next = characters.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { record.append(field); field = "" }
                            else if next == "\n" { record.append(field); records.append(record); record = []; field = "" }
                            else { field.append(next) }
                        }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == "," {
                record.append(field); field = ""
            } else if c == "\n" {
                record.append(field); records.append(record); record = []; field = ""
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

@Suite("Network zoo")
struct ZooTests {
    static let tolerance = 0.01

    // MARK: Published counts

    /// Our counts for a row's zoo variant, as distances from the published figures (0 for a
    /// figure the source does not give).
    private func distances(_ row: PublishedRow) throws -> (macs: Double, params: Double, description: String) {
        let family = try #require(NetworkZoo.family(named: row.zooFamily), "unknown zoo family '\(row.zooFamily)'")
        let build = try family.build(ModelVariant(width: row.zooWidth, resolution: row.zooResolution))
        let scope: (Layer) -> Bool = row.convolutionsOnly ? { $0.op != .fc && $0.op.runsOnPEArray } : { _ in true }
        let macsM = Double(build.macs(where: scope)) / 1e6
        var description = "ours \(macsM) M MACs"
        var paramsDistance = 0.0
        if !row.paramsText.isEmpty {
            let convention = try #require(row.convention, "row needs a parameter_convention")
            let paramsM = Double(build.parameterCount(convention, where: scope)) / 1e6
            paramsDistance = row.distance(paramsM, from: row.paramsText)
            description += ", \(paramsM) M parameters (\(convention.rawValue))"
        }
        let macsDistance = row.macsText.isEmpty ? 0 : row.distance(macsM, from: row.macsText)
        return (macsDistance, paramsDistance,
                description + "; published \(row.macsText.isEmpty ? "-" : row.macsText) M, "
                    + "\(row.paramsText.isEmpty ? "-" : row.paramsText) M")
    }

    @Test("published MACs and parameters are reproduced within 1 %", arguments: try PublishedRow.expressibleRows())
    func publishedCounts(row: PublishedRow) throws {
        let (macs, params, description) = try distances(row)
        #expect(macs <= Self.tolerance, "MACs: \(description)")
        #expect(params <= Self.tolerance, "parameters: \(description)")
    }

    /// An exclusion must say why, and must not hide a row the zoo reproduces.
    @Test("every excluded row says why and really disagrees", arguments: try PublishedRow.excludedRows())
    func excludedRow(row: PublishedRow) throws {
        #expect(row.reason.count >= 40, "an excluded row needs a reason")
        guard !row.zooFamily.isEmpty else { return }
        let (macs, params, description) = try distances(row)
        #expect(max(macs, params) > Self.tolerance, "excluded, but reproduced: \(description)")
    }

    @Test("fixture rows are well formed and cite real reference rows")
    func fixtureIsWellFormed() throws {
        let rows = try PublishedRow.all()
        #expect(rows.count >= 60)
        let lines = rows.compactMap(\.sourceLine)
        #expect(Set(lines).count == lines.count, "each reference row appears once")
        for row in rows {
            #expect(!row.sourceIDs.isEmpty, "\(row.testDescription): source")
            #expect(!(row.macsText.isEmpty && row.paramsText.isEmpty), "\(row.testDescription): no figure")
            for figure in [row.macsText, row.paramsText] where !figure.isEmpty {
                #expect(Double(figure) != nil, "\(row.testDescription): figure '\(figure)'")
            }
            if row.expressible {
                #expect(row.reason.isEmpty, "\(row.testDescription): an expressible row has no reason")
                #expect(NetworkZoo.family(named: row.zooFamily) != nil, "\(row.testDescription): zoo family")
                #expect(row.rounding != nil && (row.paramsText.isEmpty || row.convention != nil),
                        "\(row.testDescription): counting rule")
            }
        }
        // Every family with published figures has at least one checked row.
        let checked = Set(rows.filter(\.expressible).map(\.zooFamily))
        #expect(checked.isSuperset(of: ["mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large", "resnet18", "resnet34",
                                        "resnet50", "squeezenet1_0", "alexnet", "vgg16", "vgg19", "googlenet",
                                        "efficientnet_edgetpu_s", "efficientnet_edgetpu_m", "ssd_mobilenet_v1",
                                        "deeplabv3_mobilenet_v2", "resnet8", "vit_small"]))
    }

    /// TF-slim's mobilenet_v1.py docstring lists every layer's parameters and MACs for two
    /// variants; the base network (without pool and logits) must match to the unit.
    @Test("MobileNet v1 matches TF-slim's per-layer table exactly",
          arguments: [(1.0, 224, 3_185_088, 567_716_352), (0.75, 128, 1_800_144, 106_002_432)])
    func mobileNetV1Docstring(width: Double, resolution: Int, params: Int, macs: Int) throws {
        let network = try NetworkZoo.family(named: "mobilenet_v1")!.network(ModelVariant(width: width, resolution: resolution))
        let base = network.layers.filter { $0.op.runsOnPEArray && !$0.name.hasPrefix("Logits") }
        #expect(base.count == 27)
        #expect(base.reduce(0) { $0 + $1.weightCount } == params)
        #expect(base.reduce(0) { $0 + $1.macs } == macs)
        let first = try #require(network.layers.first)
        #expect(first.macs == (width == 1.0 ? 10_838_016 : 2_654_208))
    }

    // MARK: Families

    @Test("every family builds at its default resolution", arguments: NetworkZoo.families.map(\.name))
    func buildsAtDefaultResolution(name: String) throws {
        let family = try #require(NetworkZoo.family(named: name))
        let network = try family.network(ModelVariant(resolution: family.defaultResolution, weightBits: 4, activationBits: 16))
        #expect(network.macs > 0)
        #expect(network.parameterCount > 0)
        // Network.parameterCount is the inference-time (folded batch norm) convention.
        let build = try family.build(ModelVariant(resolution: family.defaultResolution))
        #expect(build.parameterCount(.foldedBatchNorm) == network.parameterCount)
        #expect(network.layers.allSatisfy { $0.activationBits == 16 })
        #expect(network.layers.allSatisfy { $0.weightBits == ($0.weightsAreActivations ? 16 : 4) })
        #expect(!family.summary.isEmpty && !family.summary.contains("\n"))
        #expect(family.minimumResolution >= 1 && family.minimumResolution <= family.defaultResolution)
    }

    @Test("family names are the documented ones, in a stable order")
    func familyNames() {
        #expect(NetworkZoo.families.map(\.name) == [
            "mobilenet_v1", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
            "resnet18", "resnet34", "resnet50", "squeezenet1_0", "squeezenet1_1", "alexnet", "vgg16", "vgg19",
            "googlenet", "efficientnet_lite0", "efficientnet_edgetpu_s", "efficientnet_edgetpu_m",
            "ssd_mobilenet_v1", "deeplabv3_mobilenet_v2", "ds_cnn", "resnet8", "vit_tiny", "vit_small",
        ])
        #expect(NetworkZoo.family(named: "mobilenet_v4") == nil)
    }

    /// Hand-checked against TF-slim's `_make_divisible`: 32·0.35 = 11.2 rounds to 8, which
    /// is more than 10 % low, so 16; 16·0.35 = 5.6 → 8; 96·0.35 = 33.6 → 32; 320·0.35 = 112;
    /// the last conv keeps 1280; expansions are `_make_divisible(input × 6)`: 8·6 = 48.
    @Test("mobilenet_v2 at width 0.35 rounds channels as TF-slim does")
    func mobileNetV2NarrowChannels() throws {
        let network = try NetworkZoo.family(named: "mobilenet_v2")!.network(ModelVariant(width: 0.35, resolution: 224))
        func outputChannels(_ name: String) throws -> Int {
            let layer = try #require(network.layers.first { $0.name == name }, "\(name)")
            return layer.bounds.g * layer.bounds.k
        }
        #expect(try outputChannels("Conv") == 16)
        #expect(try outputChannels("expanded_conv_0/project") == 8)
        #expect(try outputChannels("expanded_conv_1/expand") == 48)
        #expect(try outputChannels("expanded_conv_1/project") == 8)
        #expect(try outputChannels("expanded_conv_11/project") == 32)
        #expect(try outputChannels("expanded_conv_16/project") == 112)
        #expect(try outputChannels("Conv_1") == 1280)
        #expect(network.layers.contains { $0.name == "expanded_conv_0/expand" } == false)
    }

    @Test("mobilenet_v1 width rounding truncates with a floor of 8 channels")
    func mobileNetV1NarrowChannels() throws {
        let network = try NetworkZoo.family(named: "mobilenet_v1")!.network(ModelVariant(width: 0.25, resolution: 128))
        let first = try #require(network.layers.first)
        #expect(first.bounds.k == 8)
        let last = try #require(network.layers.first { $0.name == "Conv2d_13_pointwise" })
        #expect(last.bounds.k == 256)
    }

    // MARK: Errors

    @Test("a resolution below the minimum throws; the minimum builds", arguments: NetworkZoo.families.map(\.name))
    func resolutionBelowMinimum(name: String) throws {
        let family = try #require(NetworkZoo.family(named: name))
        _ = try family.network(ModelVariant(resolution: family.minimumResolution))
        let tooSmall = family.minimumResolution - 1
        #expect(throws: ZooError.resolutionTooSmall(family: name, resolution: tooSmall, minimum: family.minimumResolution)) {
            try family.network(ModelVariant(resolution: tooSmall))
        }
    }

    @Test("reference minimum resolutions")
    func minimumResolutions() {
        // AlexNet: three 3×3/2 pools after an 11×11/4 conv need 63 pixels; VGG: five 2×2
        // pools need 32; ViT: one 16×16 patch. 'SAME'-padded networks accept any size.
        let minimum = Dictionary(uniqueKeysWithValues: NetworkZoo.families.map { ($0.name, $0.minimumResolution) })
        #expect(minimum["alexnet"] == 63)
        #expect(minimum["vgg16"] == 32)
        #expect(minimum["vgg19"] == 32)
        #expect(minimum["vit_tiny"] == 16)
        #expect(minimum["vit_small"] == 16)
        #expect(minimum["mobilenet_v2"] == 1)
    }

    @Test("invalid variants are refused with the reason")
    func invalidVariants() {
        let resnet = NetworkZoo.family(named: "resnet50")!
        let mobilenet = NetworkZoo.family(named: "mobilenet_v2")!
        #expect(throws: ZooError.widthNotSupported(family: "resnet50", width: 0.5)) {
            try resnet.network(ModelVariant(width: 0.5, resolution: 224))
        }
        #expect(throws: ZooError.invalidWidth(family: "mobilenet_v2", width: 0)) {
            try mobilenet.network(ModelVariant(width: 0, resolution: 224))
        }
        #expect(throws: ZooError.invalidWidth(family: "mobilenet_v2", width: -1)) {
            try mobilenet.network(ModelVariant(width: -1, resolution: 224))
        }
        #expect(throws: ZooError.self) { try mobilenet.network(ModelVariant(width: .nan, resolution: 224)) }
        #expect(throws: ZooError.widthTooLarge(family: "mobilenet_v2", width: 5, maximum: 4)) {
            try mobilenet.network(ModelVariant(width: 5, resolution: 224))
        }
        #expect(throws: ZooError.resolutionTooLarge(family: "mobilenet_v2", resolution: 5000, maximum: 4096)) {
            try mobilenet.network(ModelVariant(resolution: 5000))
        }
        #expect(throws: ZooError.invalidWeightBits(family: "mobilenet_v2", bits: 0)) {
            try mobilenet.network(ModelVariant(resolution: 224, weightBits: 0))
        }
        #expect(throws: ZooError.invalidActivationBits(family: "mobilenet_v2", bits: 64)) {
            try mobilenet.network(ModelVariant(resolution: 224, activationBits: 64))
        }
        #expect(ZooError.widthNotSupported(family: "resnet50", width: 0.5).description
            == "resnet50 has no width multiplier (only 1.0), found 0.5")
        #expect(ZooError.resolutionTooSmall(family: "alexnet", resolution: 62, minimum: 63).description
            == "alexnet: resolution 62 is too small; every layer needs an output of at least 1x1, which takes a resolution of at least 63")
    }

    // MARK: Graph edges

    private func layer(_ network: Network, _ name: String) throws -> (layer: Layer, producers: [String]) {
        let index = try #require(network.layers.firstIndex { $0.name == name }, "no layer \(name)")
        return (network.layers[index], network.producers[index].map { network.layers[$0].name })
    }

    @Test("residual additions name both producers")
    func residualEdges() throws {
        let resnet = try NetworkZoo.family(named: "resnet50")!.network(ModelVariant(resolution: 224))
        #expect(try layer(resnet, "layer1.0.add").producers == ["layer1.0.conv3", "layer1.0.downsample"])
        #expect(try layer(resnet, "layer1.0.downsample").producers == ["maxpool"])
        #expect(try layer(resnet, "layer1.1.add").producers == ["layer1.1.conv3", "layer1.0.add"])
        #expect(try layer(resnet, "layer2.0.conv1").producers == ["layer1.2.add"])
        #expect(try layer(resnet, "fc/pool").producers == ["layer4.2.add"])

        let resnet18 = try NetworkZoo.family(named: "resnet18")!.network(ModelVariant(resolution: 224))
        #expect(try layer(resnet18, "layer1.0.add").producers == ["layer1.0.conv2", "maxpool"])
        #expect(resnet18.layers.filter { $0.op == .add }.count == 8)

        let mobilenet = try NetworkZoo.family(named: "mobilenet_v2")!.network(ModelVariant(resolution: 224))
        #expect(try layer(mobilenet, "expanded_conv_2/add").producers == ["expanded_conv_2/project", "expanded_conv_1/project"])
        #expect(mobilenet.layers.filter { $0.op == .add }.count == 10)

        let vit = try NetworkZoo.family(named: "vit_tiny")!.network(ModelVariant(resolution: 224))
        #expect(try layer(vit, "blocks.0.add1").producers == ["blocks.0.attn.proj", "patch_embed"])
        #expect(try layer(vit, "blocks.0.attn.av").producers == ["blocks.0.attn.qk", "blocks.0.attn.qkv"])
        #expect(try layer(vit, "blocks.1.add2").producers == ["blocks.1.mlp.fc2", "blocks.1.add1"])
    }

    @Test("concatenations and squeeze-excite gates name every producer")
    func branchEdges() throws {
        let googlenet = try NetworkZoo.family(named: "googlenet")!.network(ModelVariant(resolution: 224))
        #expect(try layer(googlenet, "inception3b.branch1").producers
            == ["inception3a.branch1", "inception3a.branch2.1", "inception3a.branch3.1", "inception3a.branch4.1"])
        #expect(try layer(googlenet, "inception3a.branch4.pool").producers == ["maxpool2"])

        let squeezenet = try NetworkZoo.family(named: "squeezenet1_1")!.network(ModelVariant(resolution: 224))
        #expect(try layer(squeezenet, "fire2.expand3x3").producers == ["fire2.squeeze"])
        #expect(try layer(squeezenet, "fire3.squeeze").producers == ["fire2.expand1x1", "fire2.expand3x3"])

        let v3 = try NetworkZoo.family(named: "mobilenet_v3_large")!.network(ModelVariant(resolution: 224))
        #expect(try layer(v3, "expanded_conv_3/squeeze_excite/scale").producers
            == ["expanded_conv_3/depthwise", "expanded_conv_3/squeeze_excite/excite"])
        #expect(try layer(v3, "expanded_conv_3/project").producers == ["expanded_conv_3/squeeze_excite/scale"])
    }

    @Test("attention matmuls multiply two activations; fc layers run once per token")
    func attentionShapes() throws {
        let vit = try NetworkZoo.family(named: "vit_tiny")!.network(ModelVariant(resolution: 224))
        let qk = try layer(vit, "blocks.0.attn.qk").layer
        #expect(qk.op == .matmul && qk.weightsAreActivations)
        #expect(qk.bounds == DimensionVector(g: 3, k: 197, c: 64, p: 197))
        let av = try layer(vit, "blocks.0.attn.av").layer
        #expect(av.bounds == DimensionVector(g: 3, k: 64, c: 197, p: 197))
        let qkv = try layer(vit, "blocks.0.attn.qkv").layer
        #expect(qkv.op == .fc && qkv.bounds == DimensionVector(n: 197, k: 576, c: 192))
        #expect(try layer(vit, "head").layer.bounds == DimensionVector(n: 1, k: 1000, c: 192))
        #expect(vit.layers.filter(\.weightsAreActivations).count == 24)
    }

    @Test("ds_cnn reads resolution MFCC frames of 10 coefficients")
    func dsCNNInput() throws {
        let network = try NetworkZoo.family(named: "ds_cnn")!.network(ModelVariant(resolution: 49))
        let first = try #require(network.layers.first)
        #expect(first.bounds == DimensionVector(k: 64, c: 1, p: 25, q: 5, r: 10, s: 4))
        #expect(network.macs == 2_656_768)
    }

    // MARK: Vendor-calibration families

    /// efficientnet_model.py's `MBConvBlockWithoutDepthwise` strides in the 1×1 projection,
    /// so a strided fused block's 3×3 expansion runs at the input resolution; the first
    /// block expands its block-argument depth (24 × 4), not the stem's 32, and has no skip.
    @Test("EfficientNet-EdgeTPU fused blocks expand at full resolution and stride in the projection")
    func edgeTPUFusedBlocks() throws {
        let network = try NetworkZoo.family(named: "efficientnet_edgetpu_s")!.network(ModelVariant(resolution: 224))
        #expect(try layer(network, "blocks_0/expand").layer.bounds == DimensionVector(k: 96, c: 32, p: 112, q: 112, r: 3, s: 3))
        #expect(!network.layers.contains { $0.name == "blocks_0/add" })
        let expand = try layer(network, "blocks_1/expand").layer
        #expect(expand.bounds == DimensionVector(k: 192, c: 24, p: 112, q: 112, r: 3, s: 3) && expand.strideH == 1)
        let project = try layer(network, "blocks_1/project").layer
        #expect(project.bounds == DimensionVector(k: 32, c: 192, p: 56, q: 56) && project.strideH == 2)
        #expect(try layer(network, "blocks_2/add").producers == ["blocks_2/project", "blocks_1/project"])
        #expect(try layer(network, "blocks_7/depthwise").layer.bounds.r == 5)

        // M repeats ceil(1.1 × r) blocks per stage: 2 + 3 + 5 + 6 + 5 + 3.
        let medium = try NetworkZoo.family(named: "efficientnet_edgetpu_m")!.network(ModelVariant(resolution: 240))
        #expect(network.layers.filter { $0.name.hasSuffix("/project") }.count == 18)
        #expect(medium.layers.filter { $0.name.hasSuffix("/project") }.count == 24)
    }

    @Test("SSD MobileNet v1 predicts 1917 anchors from six feature maps at 300x300")
    func ssdPredictors() throws {
        let family = try #require(NetworkZoo.family(named: "ssd_mobilenet_v1"))
        let network = try family.network(ModelVariant(resolution: 300))
        let boxes = network.layers.filter { $0.name.hasSuffix("/BoxEncodingPredictor") }
        let classes = network.layers.filter { $0.name.hasSuffix("/ClassPredictor") }
        #expect(boxes.map(\.bounds.p) == [19, 10, 5, 3, 2, 1])
        #expect(boxes.map(\.bounds.c) == [512, 1024, 512, 256, 256, 128])
        #expect(boxes.reduce(0) { $0 + $1.bounds.p * $1.bounds.q * $1.bounds.k / 4 } == 1917)
        #expect(zip(boxes, classes).allSatisfy { box, scores in scores.bounds.k == box.bounds.k / 4 * 91 })
        #expect(boxes.allSatisfy { $0.bounds.r == 1 })
        #expect(try layer(network, "BoxPredictor_0/ClassPredictor").producers == ["Conv2d_11_pointwise"])
        #expect(try layer(network, "BoxPredictor_1/BoxEncodingPredictor").producers == ["Conv2d_13_pointwise"])

        // Depth 0.75 (the calibration rows): every depth is max(int(d × 0.75), 16).
        let narrow = try family.network(ModelVariant(width: 0.75, resolution: 300))
        #expect(narrow.layers.filter { $0.name.hasSuffix("/BoxEncodingPredictor") }.map(\.bounds.c)
            == [384, 768, 384, 192, 192, 96])
        #expect(narrow.layers.first?.bounds.k == 24)
    }

    @Test("DeepLabV3 keeps output stride 8 with atrous depthwise convs and DeepLab's own width rounding")
    func deepLabStructure() throws {
        let family = try #require(NetworkZoo.family(named: "deeplabv3_mobilenet_v2"))
        let network = try family.network(ModelVariant(resolution: 513))
        // Strides 2, 2, 2 reach 8; the two later strides become atrous rates 2 and 4.
        #expect(network.layers.filter { $0.op == .depthwise }.map(\.dilationH)
            == Array(repeating: 1, count: 7) + Array(repeating: 2, count: 7) + Array(repeating: 4, count: 3))
        #expect(try layer(network, "aspp0").layer.bounds == DimensionVector(k: 256, c: 320, p: 65, q: 65))
        #expect(try layer(network, "image_pooling/pool").layer.bounds.r == 65)
        #expect(try layer(network, "concat_projection").producers == ["image_pooling", "aspp0"])
        #expect(try layer(network, "concat_projection").layer.bounds.c == 512)
        #expect(try layer(network, "logits/semantic").layer.bounds == DimensionVector(k: 21, c: 256, p: 65, q: 65))

        // Below width 1, feature_extractor.py rounds depths to 1 (not 8) channel; expansions
        // keep `_make_divisible(·, 8)`.
        let half = try family.network(ModelVariant(width: 0.5, resolution: 513))
        #expect(try layer(half, "Conv").layer.bounds.k == 16)
        #expect(try layer(half, "expanded_conv_1/project").layer.bounds.k == 12)
        #expect(try layer(half, "expanded_conv_2/expand").layer.bounds.k == 72)
        #expect(try layer(half, "expanded_conv_16/project").layer.bounds.k == 160)
    }

    /// model_zoo.md's single-scale Multiply-Adds are at output stride 16, which the
    /// registered family (8, as the frozen graphs run) cannot express, so they are checked
    /// here on the same layers; its OS-8 figure is for six input scales, each also flipped.
    /// Figures are stated to 0.01 B: the exact count is within ±0.005 B of them.
    @Test("DeepLabV3 reproduces model_zoo.md's Multiply-Adds at output stride 16 and 8",
          arguments: [(outputStride: 16, width: 1.0, multiScale: false, statedB: 2.75),
                      (16, 0.5, false, 0.88), (8, 1.0, true, 152.59)])
    func deepLabModelZoo(outputStride: Int, width: Double, multiScale: Bool, statedB: Double) throws {
        let family = NetworkZoo.deepLabV3(outputStride: outputStride)
        // Eval scales 0.5, 0.75, ..., 1.75 of 513, sized as model.py's scale_dimension does.
        let resolutions = multiScale ? stride(from: 0.5, through: 1.75, by: 0.25).map { Int(512 * $0 + 1) } : [513]
        var macs = 0
        for resolution in resolutions {
            macs += (multiScale ? 2 : 1) * (try family.network(ModelVariant(width: width, resolution: resolution)).macs)
        }
        let oursB = Double(macs) / 1e9
        #expect(max(0, abs(oursB - statedB) - 0.005) <= Self.tolerance * statedB, "ours \(oursB) B, stated \(statedB) B")
    }

    @Test("ResNet-8 has MLPerf Tiny's residual stacks with strided 1x1 shortcuts")
    func resNet8Structure() throws {
        let network = try NetworkZoo.family(named: "resnet8")!.network(ModelVariant(resolution: 32))
        #expect(try layer(network, "stack1.add").producers == ["stack1.conv2", "conv1"])
        #expect(try layer(network, "stack2.add").producers == ["stack2.conv2", "stack2.shortcut"])
        #expect(try layer(network, "stack3.shortcut").producers == ["stack2.add"])
        #expect(try layer(network, "stack3.conv2").layer.bounds == DimensionVector(k: 64, c: 64, p: 8, q: 8, r: 3, s: 3))
        #expect(try layer(network, "classifier/fc").layer.bounds == DimensionVector(k: 10, c: 64))
        #expect(network.layers.filter { $0.op.runsOnPEArray }.count == 10)
    }

    @Test("ViT-S/16 has 6 heads of 64 over 197 tokens")
    func vitSmallShapes() throws {
        let vit = try NetworkZoo.family(named: "vit_small")!.network(ModelVariant(resolution: 224))
        #expect(try layer(vit, "blocks.11.attn.qk").layer.bounds == DimensionVector(g: 6, k: 197, c: 64, p: 197))
        #expect(try layer(vit, "blocks.0.mlp.fc1").layer.bounds == DimensionVector(n: 197, k: 1536, c: 384))
    }
}
