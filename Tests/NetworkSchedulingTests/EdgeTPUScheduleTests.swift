import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling
import Testing

/// Issue 3's acceptance item "Scheduling shows the real effect", on Designs/edge-tpu-like.yaml
/// (8 MiB on-chip SRAM, USB 3 host link): every expectation is computed from the design and
/// the schedule's own per-layer figures, never written down as a number.
@Suite(.serialized) struct EdgeTPUScheduleTests {
    /// Link bandwidth of the design, bytes per second (the outermost level, the USB link).
    static func linkBytesPerSecond(_ accelerator: Accelerator) throws -> Double {
        let link = try #require(accelerator.memory.last)
        guard case .hostLink = link.technology else { throw LinkError.notAHostLink }
        return try #require(link.bytesPerCycle(clockHz: accelerator.technology.clockHz)) * accelerator.technology.clockHz
    }

    enum LinkError: Error { case notAHostLink }

    /// MobileNet v2 (3.47 MB of int8 weights) fits: every weight stays resident, and every
    /// layer runs at its on-chip (compute) speed, except that the first layer waits for the
    /// network input over USB and the last sends its output back.
    @Test func weightsThatFitStayResidentAndRunComputeBound() throws {
        let workload = try ScheduleFixtures.mobileNetV2.get()
        let accelerator = try ScheduleFixtures.edgeTPU()
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(workload.network, candidates: workload.candidates)
        let clock = accelerator.technology.clockHz
        let link = try Self.linkBytesPerSecond(accelerator)

        #expect(schedule.solve.status == .optimal)
        #expect(schedule.weightBytes < Double(accelerator.onChipSharedBytes))
        #expect(schedule.residentWeightBytes == schedule.weightBytes)
        #expect(schedule.streamedWeightBytes == 0)
        for layer in schedule.layers where layer.layer.weightCount > 0 {
            #expect(layer.weightsResident, "\(layer.layer.name) should keep its weights on chip")
        }
        // Only the network's input (read by the first layer) and output (written by the last)
        // cross the link.
        let first = schedule.layers[0], last = schedule.layers[schedule.layers.count - 1]
        let inputBytes = Double(first.layer.elementCount(of: .inputs) * first.layer.activationBits) / 8
        let outputBytes = Double(last.layer.elementCount(of: .outputs) * last.layer.activationBits) / 8
        #expect(first.offChipBytes >= inputBytes)
        for layer in schedule.layers.dropFirst().dropLast() {
            #expect(layer.offChipBytes == 0, "\(layer.layer.name) still moves \(layer.offChipBytes) bytes off chip")
        }
        #expect(last.offChipBytes == outputBytes)

        // Compute-bound: each layer's latency is its on-chip cycles / clock, except where the
        // remaining link traffic is slower.
        var expected = 0.0
        var onChipOnly = 0.0
        for layer in schedule.layers {
            let onChip = layer.result.cost.onChipCycles / clock
            let linkTime = layer.offChipBytes / link
            onChipOnly += onChip
            expected += max(onChip, linkTime)
            if linkTime <= onChip {
                #expect(ScheduleFixtures.relativeError(layer.latencyS, onChip) <= 1e-9, "\(layer.layer.name)")
                #expect(layer.bottleneck == "compute")
            }
        }
        #expect(ScheduleFixtures.relativeError(schedule.latencyS, expected) <= 1e-9)
        // Every layer but the one reading the image over USB is compute-bound.
        for layer in schedule.layers.dropFirst() {
            #expect(layer.bottleneck == "compute", "\(layer.layer.name) is bound by \(layer.bottleneck)")
        }
        let inputStall = max(0, inputBytes / link - first.result.cost.onChipCycles / clock)
        #expect(ScheduleFixtures.relativeError(schedule.latencyS, onChipOnly + max(0, first.latencyS - first.result.cost.onChipCycles / clock)) <= 1e-9)
        #expect(schedule.latencyS - onChipOnly <= inputStall * (1 + 1e-9) + 1e-15)
        // And the schedule is far better than streaming everything layer by layer.
        #expect(schedule.latencyS < schedule.baseline.latencyS)
    }

    /// VGG-16 (138 MB of weights) cannot fit: the weights that are not resident stream over
    /// USB every inference, and that streaming is most of the latency.
    @Test func weightsThatDoNotFitStreamOverTheHostLink() throws {
        let workload = try ScheduleFixtures.vgg16.get()
        let accelerator = try ScheduleFixtures.edgeTPU()
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(workload.network, candidates: workload.candidates)
        let link = try Self.linkBytesPerSecond(accelerator)

        let notResident = schedule.weightBytes - schedule.residentWeightBytes
        #expect(notResident > schedule.weightBytes - Double(accelerator.onChipSharedBytes))
        #expect(schedule.streamedWeightBytes >= notResident)
        #expect(schedule.latencyS >= notResident / link)
        let streamingS = schedule.streamedWeightBytes / link
        #expect(streamingS > 0.5 * schedule.latencyS, "weight streaming \(streamingS) s of \(schedule.latencyS) s")
        // The fully connected layers wait for their weights on the link.
        for layer in schedule.layers where layer.layer.op == .fc && !layer.weightsResident {
            #expect(layer.bottleneck == "USB")
            #expect(ScheduleFixtures.relativeError(layer.latencyS, layer.offChipBytes / link) <= 1e-9)
        }
        #expect(schedule.latencyS <= schedule.baseline.latencyS)
    }

    /// Pipelining VGG-16 over 2 and then 4 chips: each chip brings 8 MiB more for resident
    /// weights, so latency falls at each step, and the pipeline's throughput rises.
    @Test func pipeliningVGGOverMoreChipsReducesLatency() throws {
        let workload = try ScheduleFixtures.vgg16.get()
        var schedules: [NetworkSchedule] = []
        for chips in [1, 2, 4] {
            let accelerator = try ScheduleFixtures.edgeTPU(chips: chips)
            let schedule = try NetworkScheduler(accelerator: accelerator).schedule(workload.network, candidates: workload.candidates)
            #expect(schedule.stages.count <= chips)
            #expect(schedule.solve.status != .layerByLayerFallback, "\(chips) chips: \(schedule.solve.note ?? "")")
            schedules.append(schedule)
        }
        for (fewer, more) in zip(schedules, schedules.dropFirst()) {
            #expect(more.latencyS < fewer.latencyS, "\(more.chips) chips: \(more.latencyS) s, \(fewer.chips): \(fewer.latencyS) s")
            #expect(more.residentWeightBytes > fewer.residentWeightBytes)
            #expect(more.throughputFps >= fewer.throughputFps * (1 - 1e-12))
        }
    }
}
