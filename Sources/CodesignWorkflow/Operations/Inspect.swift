import CodesignCore
import ONNXImport
import Foundation
import SpecIO

extension Codesign {
    /// The network a file describes, as the tool will cost it: an ONNX model imported at its
    /// own input size (batch 1, 8-bit where the file does not quantise), or a workload's
    /// network at its base variant (zoo, layer list or ONNX).
    public static func inspect(path: String) throws(DiagnosticsError) -> Network {
        if path.lowercased().hasSuffix(".onnx") {
            let model = try ONNXModel.load(path: path)
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            return try model.network(name: name, ONNXBuildOptions())
        }
        let spec = try SpecLoader.loadWorkload(path: path)
        return try spec.network()
    }
}
