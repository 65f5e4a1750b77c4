#!/usr/bin/env python3
"""Writes the ONNX import fixtures next to this script (see README.md).

    python generate_onnx_fixtures.py                      # the .onnx fixtures and bad/ (needs onnx)
    python generate_onnx_fixtures.py --reference-counts   # + reference_counts.csv (needs onnx-tool)
    python generate_onnx_fixtures.py --zoo-counts BINARY  # + zoo_counts.csv and the comparison
    python generate_onnx_fixtures.py --all BINARY         # all of the above

Everything is built from onnx.helper calls with fixed shapes and no randomness, so two runs
write byte-identical files. Weight initializers are stored as *external data whose file is
absent* (data_location = EXTERNAL, external_data location/offset/length, no bytes anywhere):
the importer needs shapes, never weight values. Constants whose values decide shapes
(Reshape targets, pads, Slice/Split/Resize arguments, Clip bounds, quantisation scales and
zero points) are always stored inline. resnet8_inline.onnx (and the opset-7 fixture) carry
real inline weights in raw_data instead.
"""

import argparse
import array
import csv
import io
import math
import os
import subprocess
import sys
import tempfile

import onnx
from onnx import TensorProto as TP
from onnx import helper as h

HERE = os.path.dirname(os.path.abspath(__file__))
PRODUCER = "npu-codesign Tests/Fixtures/onnx/generate_onnx_fixtures.py"

ELEMENT_BYTES = {TP.FLOAT: 4, TP.INT8: 1, TP.UINT8: 1, TP.INT32: 4, TP.INT64: 8}
ARRAY_CODE = {TP.FLOAT: "f", TP.INT8: "b", TP.UINT8: "B", TP.INT32: "i", TP.INT64: "q"}


def volume(dims):
    return math.prod(dims)


def packed(dtype, values):
    """Little-endian raw_data bytes, whatever the host byte order."""
    data = array.array(ARRAY_CODE[dtype], values)
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def pattern_bytes(dtype, count, seed):
    """Deterministic, non-random 'weights': a period-251 sawtooth, offset per tensor."""
    period = 251
    if dtype == TP.FLOAT:
        one = [((i * 37 + seed * 11) % period - 125) / 2500.0 for i in range(period)]
    else:
        one = [((i * 37 + seed * 11) % period) % 127 - 63 for i in range(period)]
        if dtype == TP.UINT8:
            one = [v + 64 for v in one]
    block = packed(dtype, one)
    size = ELEMENT_BYTES[dtype]
    reps = count // period + 1
    return (block * reps)[: count * size]


def same_pads(height, width, kernel, stride, dilation=1, kernel_width=None):
    """TensorFlow 'SAME' padding as explicit ONNX pads [top, left, bottom, right]."""
    def one(extent, k):
        out = -(-extent // stride)
        total = max((out - 1) * stride + (k - 1) * dilation + 1 - extent, 0)
        return total // 2, total - total // 2
    top, bottom = one(height, kernel)
    left, right = one(width, kernel_width or kernel)
    return [top, left, bottom, right]


class Net:
    """Collects nodes and initializers for one graph.

    weights: 'external' (EXTERNAL location, file absent), 'zeros' (inline raw_data of zero
    bytes: the twin that onnx-tool and the checker can read) or 'pattern' (inline raw_data
    of a deterministic sawtooth: real inline weights).
    """

    def __init__(self, name, weights="external"):
        self.name = name
        self.weights = weights
        self.data_file = f"{name}.onnx.data"
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.offset = 0
        self.used = set()        # tensor names
        self.node_names = set()

    # -- tensors ------------------------------------------------------------------------
    def weight(self, name, dims, dtype=TP.FLOAT):
        """A learned tensor: its values are never needed to import the network."""
        assert name not in self.used, name
        self.used.add(name)
        t = TP()
        t.name = name
        t.data_type = dtype
        t.dims.extend(dims)
        length = volume(dims) * ELEMENT_BYTES[dtype]
        if self.weights == "external":
            t.data_location = TP.EXTERNAL
            for key, value in (("location", self.data_file), ("offset", str(self.offset)),
                               ("length", str(length))):
                entry = t.external_data.add()
                entry.key, entry.value = key, value
            self.offset += (length + 63) // 64 * 64  # 64-byte aligned, as exporters do
        elif self.weights == "zeros":
            t.raw_data = bytes(length)
        else:
            t.raw_data = pattern_bytes(dtype, volume(dims), len(self.inits))
        self.inits.append(t)
        return name

    def const(self, name, dtype, dims, values, raw=True):
        """An inline initializer whose values the importer may need (shapes, pads, ...)."""
        assert name not in self.used, name
        self.used.add(name)
        if raw:
            t = h.make_tensor(name, dtype, dims, packed(dtype, values), raw=True)
        else:
            t = h.make_tensor(name, dtype, dims, values)
        self.inits.append(t)
        return name

    def ints(self, name, values):
        return self.const(name, TP.INT64, [len(values)], values)

    def scalar(self, name, dtype, value):
        return self.const(name, dtype, [], [value])

    def input(self, name, dtype, shape):
        self.inputs.append(h.make_tensor_value_info(name, dtype, shape))
        return name

    def output(self, name, dtype, shape):
        self.outputs.append(h.make_tensor_value_info(name, dtype, shape))

    # -- nodes --------------------------------------------------------------------------
    def node(self, op, inputs, name, outputs=None, count=1, domain=None, **attrs):
        assert name not in self.node_names, name
        self.node_names.add(name)
        if outputs is None:
            outputs = [f"{name}_output_{i}" for i in range(count)] if count > 1 else [f"{name}_output"]
        kwargs = {"domain": domain} if domain is not None else {}
        self.nodes.append(h.make_node(op, list(inputs), list(outputs), name=name, **kwargs, **attrs))
        return outputs[0] if len(outputs) == 1 else list(outputs)

    def model(self, opset, ir_version=None, doc=""):
        opsets = [h.make_opsetid("", opset)]
        if ir_version is None:
            ir_version = h.find_min_ir_version_for(opsets)
        inputs = list(self.inputs)
        if ir_version < 4:  # IR 3: every initializer is also listed as a graph input
            inputs += [h.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in self.inits]
        graph = h.make_graph(self.nodes, self.name, inputs, self.outputs, self.inits)
        model = h.make_model(graph, opset_imports=opsets, ir_version=ir_version,
                             producer_name=PRODUCER, producer_version="1")
        if doc:
            model.doc_string = doc
        return model

    # -- layers used by the networks ----------------------------------------------------
    def conv(self, name, x, cin, cout, kernel, stride=1, pads=(0, 0, 0, 0), group=1, dilation=1,
             bias=True, kernel_width=None, qdq=None):
        kh, kw = kernel, kernel_width or kernel
        dims = [cout, cin // group, kh, kw]
        attrs = dict(kernel_shape=[kh, kw], strides=[stride, stride], pads=list(pads),
                     dilations=[dilation, dilation], group=group)
        if qdq is None:
            inputs = [x, self.weight(f"{name}.weight", dims)]
            if bias:
                inputs.append(self.weight(f"{name}.bias", [cout]))
        else:
            inputs = self.qdq_operands(name, x, dims, cout if bias else None, qdq)
        return self.node("Conv", inputs, name, **attrs)

    def gemm(self, name, x, cin, cout, qdq=None):
        if qdq is None:
            inputs = [x, self.weight(f"{name}.weight", [cout, cin]), self.weight(f"{name}.bias", [cout])]
        else:
            inputs = self.qdq_operands(name, x, [cout, cin], cout, qdq)
        return self.node("Gemm", inputs, name, transB=1)

    def qdq_operands(self, name, x, wdims, bias_channels, zero_point):
        """onnxruntime quantize_static QDQ format (per-tensor, its default): the input goes
        through QuantizeLinear -> DequantizeLinear (uint8), the weight is an int8 initializer
        behind a DequantizeLinear, the bias an int32 initializer behind a DequantizeLinear."""
        xs = self.scalar(f"{name}/input_scale", TP.FLOAT, 0.0235)
        xz = self.scalar(f"{name}/input_zero_point", TP.UINT8, zero_point)
        xq = self.node("QuantizeLinear", [x, xs, xz], f"{name}/input_quantize")
        xd = self.node("DequantizeLinear", [xq, xs, xz], f"{name}/input_dequantize")
        ws = self.scalar(f"{name}.weight_scale", TP.FLOAT, 0.0042)
        wz = self.scalar(f"{name}.weight_zero_point", TP.INT8, 0)
        wq = self.weight(f"{name}.weight_quantized", wdims, TP.INT8)
        wd = self.node("DequantizeLinear", [wq, ws, wz], f"{name}/weight_dequantize")
        operands = [xd, wd]
        if bias_channels is not None:
            bs = self.scalar(f"{name}.bias_scale", TP.FLOAT, 0.0235 * 0.0042)
            bq = self.weight(f"{name}.bias_quantized", [bias_channels], TP.INT32)
            operands.append(self.node("DequantizeLinear", [bq, bs], f"{name}/bias_dequantize"))
        return operands


# =======================================================================================
# Whole networks (mirror Sources/SpecIO/Zoo at the default resolution; node names of the
# PE-array layers, additions and pools are the zoo's layer names)
# =======================================================================================

def resnet18(weights="external"):
    """torchvision resnet18, batch norm folded into the conv biases (as exported for inference)."""
    b = Net("resnet18", weights)
    x = b.input("input", TP.FLOAT, ["N", 3, 224, 224])
    y = b.conv("conv1", x, 3, 64, 7, stride=2, pads=[3, 3, 3, 3])
    y = b.node("Relu", [y], "conv1/relu")
    y = b.node("MaxPool", [y], "maxpool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    channels = 64
    for stage, planes in enumerate([64, 128, 256, 512]):
        for index in range(2):
            prefix = f"layer{stage + 1}.{index}"
            stride = 2 if stage > 0 and index == 0 else 1
            block_input = y
            y = b.conv(f"{prefix}.conv1", block_input, channels, planes, 3, stride=stride, pads=[1, 1, 1, 1])
            y = b.node("Relu", [y], f"{prefix}.conv1/relu")
            y = b.conv(f"{prefix}.conv2", y, planes, planes, 3, pads=[1, 1, 1, 1])
            shortcut = block_input
            if stride != 1 or channels != planes:
                shortcut = b.conv(f"{prefix}.downsample", block_input, channels, planes, 1, stride=stride)
            y = b.node("Add", [y, shortcut], f"{prefix}.add")
            y = b.node("Relu", [y], f"{prefix}.relu")
            channels = planes
    y = b.node("GlobalAveragePool", [y], "fc/pool")
    y = b.node("Flatten", [y], "fc/flatten", axis=1)
    b.gemm("fc/fc", y, 512, 1000)
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 1000])
    return b.model(13, doc="ResNet-18 (torchvision), 224x224, BN folded; mirrors zoo resnet18")


def make_divisible(value, divisor=8):
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def mobilenet_v2(weights="external", qdq=False):
    """TF-slim mobilenet_v2 (width 1.0, 224, 1001 classes), 'SAME' padding written as
    explicit pads, BN folded, ReLU6 as Clip(0, 6). With qdq, every conv and the classifier
    read their input through QuantizeLinear/DequantizeLinear and their weight/bias through
    DequantizeLinear."""
    name = "mobilenet_v2_qdq" if qdq else "mobilenet_v2"
    b = Net(name, weights)
    x = b.input("input", TP.FLOAT, ["N", 3, 224, 224])
    lo = b.scalar("relu6_min", TP.FLOAT, 0.0)
    hi = b.scalar("relu6_max", TP.FLOAT, 6.0)
    size, channels = 224, 3

    def conv(layer, inp, cout, kernel, stride=1, group=1, relu6=True, signed_input=False):
        nonlocal size, channels
        pads = same_pads(size, size, kernel, stride)
        zp = 128 if signed_input else 0
        y = b.conv(layer, inp, channels, cout, kernel, stride=stride, pads=pads, group=group,
                   qdq=zp if qdq else None)
        size = -(-size // stride)
        channels = cout
        return b.node("Clip", [y, lo, hi], f"{layer}/relu6") if relu6 else y

    y = conv("Conv", x, 32, 3, stride=2, signed_input=True)
    rows = [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]
    index = 0
    for t, c, n, s in rows:
        for repeat in range(n):
            prefix = f"expanded_conv_{index}"
            expanded = channels if t == 1 else make_divisible(channels * t)
            stride = s if repeat == 0 else 1
            block_input, block_channels = y, channels
            if expanded > channels:
                y = conv(f"{prefix}/expand", y, expanded, 1, signed_input=True)
            y = conv(f"{prefix}/depthwise", y, expanded, 3, stride=stride, group=expanded)
            y = conv(f"{prefix}/project", y, c, 1, relu6=False)
            if stride == 1 and c == block_channels:
                y = b.node("Add", [y, block_input], f"{prefix}/add")
            index += 1
    y = conv("Conv_1", y, 1280, 1, signed_input=True)
    y = b.node("GlobalAveragePool", [y], "Logits/pool")
    y = b.node("Flatten", [y], "Logits/flatten", axis=1)
    b.gemm("Logits/fc", y, 1280, 1001, qdq=0 if qdq else None)
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 1001])
    what = "QDQ int8 (onnxruntime quantize_static layout, per-tensor)" if qdq else "float"
    return b.model(13, doc=f"MobileNet v2 1.0/224 (TF-slim), {what}; mirrors zoo mobilenet_v2")


def vit_tiny(weights="external"):
    """timm vit_tiny_patch16_224 as torch.onnx exports it at opset 17: Conv patch embedding,
    Reshape/Transpose to tokens, class token (Expand to the batch, Concat), position
    embedding Add, 12 pre-norm blocks (LayerNormalization, Linear = MatMul + bias Add, heads
    by Reshape/Transpose/Gather, Q scaled by a Mul, K^T by Transpose, Softmax, exact GELU
    through Erf), final LayerNormalization, class token by Gather, Gemm head."""
    b = Net("vit_tiny", weights)
    dim, heads, depth, patch, classes = 192, 3, 12, 16, 1000
    head_dim, mlp, grid = dim // heads, 4 * dim, 224 // 16
    tokens = grid * grid + 1
    x = b.input("input", TP.FLOAT, ["N", 3, 224, 224])
    y = b.conv("patch_embed", x, 3, dim, patch, stride=patch)
    y = b.node("Reshape", [y, b.ints("patch_embed/flatten_shape", [0, dim, -1])], "patch_embed/flatten")
    y = b.node("Transpose", [y], "patch_embed/transpose", perm=[0, 2, 1])
    # class token, expanded to the symbolic batch: Shape -> Gather -> Unsqueeze -> Concat -> Expand
    shape = b.node("Shape", [x], "cls_token/shape")
    batch = b.node("Gather", [shape, b.scalar("cls_token/batch_index", TP.INT64, 0)], "cls_token/gather", axis=0)
    batch = b.node("Unsqueeze", [batch, b.ints("cls_token/unsqueeze_axes", [0])], "cls_token/unsqueeze")
    target = b.node("Concat", [batch, b.ints("cls_token/ones", [1, 1])], "cls_token/concat_shape", axis=0)
    cls = b.node("Expand", [b.weight("cls_token", [1, 1, dim]), target], "cls_token/expand")
    y = b.node("Concat", [cls, y], "cls_token/concat", axis=1)
    y = b.node("Add", [y, b.weight("pos_embed", [1, tokens, dim])], "pos_embed/add")
    scale = b.scalar("attn_scale", TP.FLOAT, head_dim ** -0.5)
    sqrt2 = b.scalar("gelu_sqrt2", TP.FLOAT, math.sqrt(2.0))
    one = b.scalar("gelu_one", TP.FLOAT, 1.0)
    half = b.scalar("gelu_half", TP.FLOAT, 0.5)
    qkv_shape = b.ints("attn_qkv_shape", [0, tokens, 3, heads, head_dim])
    merge_shape = b.ints("attn_merge_shape", [0, tokens, dim])
    picks = [b.scalar(f"attn_pick_{i}", TP.INT64, i) for i in range(3)]

    def layer_norm(name, inp):
        return b.node("LayerNormalization", [inp, b.weight(f"{name}.weight", [dim]), b.weight(f"{name}.bias", [dim])],
                      name, axis=-1, epsilon=1e-6)

    def linear(name, inp, cin, cout):
        y = b.node("MatMul", [inp, b.weight(f"{name}.weight", [cin, cout])], name)
        return b.node("Add", [y, b.weight(f"{name}.bias", [cout])], f"{name}/bias")

    for i in range(depth):
        p = f"blocks.{i}"
        stream = y
        y = layer_norm(f"{p}.norm1", y)
        y = linear(f"{p}.attn.qkv", y, dim, 3 * dim)
        y = b.node("Reshape", [y, qkv_shape], f"{p}.attn/reshape_heads")
        y = b.node("Transpose", [y], f"{p}.attn/permute", perm=[2, 0, 3, 1, 4])
        q, k, v = (b.node("Gather", [y, picks[j]], f"{p}.attn/{n}", axis=0) for j, n in enumerate("qkv"))
        q = b.node("Mul", [q, scale], f"{p}.attn/scale")
        kt = b.node("Transpose", [k], f"{p}.attn/k_transpose", perm=[0, 1, 3, 2])
        y = b.node("MatMul", [q, kt], f"{p}.attn.qk")
        y = b.node("Softmax", [y], f"{p}.attn/softmax", axis=-1)
        y = b.node("MatMul", [y, v], f"{p}.attn.av")
        y = b.node("Transpose", [y], f"{p}.attn/merge_transpose", perm=[0, 2, 1, 3])
        y = b.node("Reshape", [y, merge_shape], f"{p}.attn/merge_heads")
        y = linear(f"{p}.attn.proj", y, dim, dim)
        y = b.node("Add", [stream, y], f"{p}.add1")
        stream = y
        y = layer_norm(f"{p}.norm2", y)
        y = linear(f"{p}.mlp.fc1", y, dim, mlp)
        g = b.node("Div", [y, sqrt2], f"{p}.mlp.act/div")
        g = b.node("Erf", [g], f"{p}.mlp.act/erf")
        g = b.node("Add", [g, one], f"{p}.mlp.act/add")
        g = b.node("Mul", [y, g], f"{p}.mlp.act/mul")
        y = b.node("Mul", [g, half], f"{p}.mlp.act/mul_half")
        y = linear(f"{p}.mlp.fc2", y, mlp, dim)
        y = b.node("Add", [stream, y], f"{p}.add2")
    y = layer_norm("norm", y)
    y = b.node("Gather", [y, b.scalar("head/cls_index", TP.INT64, 0)], "head/cls_token", axis=1)
    b.gemm("head", y, dim, classes)
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", classes])
    return b.model(17, doc="ViT-Ti/16 (timm vit_tiny_patch16_224); mirrors zoo vit_tiny")


def resnet8(weights="external", name="resnet8"):
    """MLPerf Tiny ResNet-8 (Keras resnet_v1_eembc), 32x32, 'SAME' padding as explicit pads,
    BN folded into the conv biases, AveragePool 8x8, Gemm, Softmax."""
    b = Net(name, weights)
    x = b.input("input", TP.FLOAT, ["N", 3, 32, 32])
    size, channels = 32, 3

    def conv(layer, inp, cout, kernel, stride=1):
        nonlocal size, channels
        y = b.conv(layer, inp, channels, cout, kernel, stride=stride, pads=same_pads(size, size, kernel, stride))
        size, channels = -(-size // stride), cout
        return y

    y = b.node("Relu", [conv("conv1", x, 16, 3)], "conv1/relu")
    for stack, filters in enumerate([16, 32, 64]):
        p = f"stack{stack + 1}"
        stride = 1 if stack == 0 else 2
        block_input, in_size, in_channels = y, size, channels
        y = b.node("Relu", [conv(f"{p}.conv1", y, filters, 3, stride)], f"{p}.conv1/relu")
        y = conv(f"{p}.conv2", y, filters, 3)
        shortcut = block_input
        if stride != 1:
            shortcut = b.conv(f"{p}.shortcut", block_input, in_channels, filters, 1, stride=stride,
                              pads=same_pads(in_size, in_size, 1, stride))
        y = b.node("Add", [y, shortcut], f"{p}.add")
        y = b.node("Relu", [y], f"{p}.relu")
    y = b.node("AveragePool", [y], "classifier/pool", kernel_shape=[8, 8], strides=[8, 8])
    y = b.node("Flatten", [y], "classifier/flatten", axis=1)
    y = b.gemm("classifier/fc", y, 64, 10)
    b.node("Softmax", [y], "classifier/softmax", outputs=["output"], axis=1)
    b.output("output", TP.FLOAT, ["N", 10])
    return b.model(13, doc="ResNet-8 (MLPerf Tiny), 32x32, BN folded; mirrors zoo resnet8")


# =======================================================================================
# Operator-family fixtures (batch fixed at 1; weights external and absent)
# =======================================================================================

def op_conv(weights="external"):
    b = Net("op_conv", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 32, 32])
    y = b.conv("conv_pad1", x, 8, 16, 3, pads=[1, 1, 1, 1])                       # 16x32x32
    y = b.node("Relu", [y], "relu")
    y = b.conv("conv_stride2_asym", y, 16, 16, 3, stride=2, pads=[0, 0, 1, 1])     # 16x16x16
    y = b.conv("conv_dilation2", y, 16, 24, 3, pads=[2, 2, 2, 2], dilation=2)      # 24x16x16
    y = b.conv("conv_1x1_nobias", y, 24, 32, 1, bias=False)                        # 32x16x16
    y = b.conv("conv_1x7", y, 32, 32, 1, kernel_width=7, pads=[0, 3, 0, 3])         # 32x16x16
    w = b.weight("conv_same_upper.weight", [32, 32, 3, 3])
    y = b.node("Conv", [y, w], "conv_same_upper", auto_pad="SAME_UPPER", strides=[2, 2])  # no kernel_shape attr: 32x8x8
    y = b.conv("conv_valid_5x5", y, 32, 8, 5, stride=1)                            # 8x4x4
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, [1, 8, 4, 4])
    return b.model(13)


def op_conv_grouped(weights="external"):
    b = Net("op_conv_grouped", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 16, 16])
    y = b.conv("grouped_g4", x, 16, 32, 3, pads=[1, 1, 1, 1], group=4)             # W [32,4,3,3]
    y = b.node("Relu", [y], "relu")
    y = b.conv("grouped_g4_stride2", y, 32, 32, 3, stride=2, pads=[1, 1, 1, 1], group=4)  # W [32,8,3,3]
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, [1, 32, 8, 8])
    return b.model(13)


def op_conv_depthwise(weights="external"):
    b = Net("op_conv_depthwise", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 16, 16])
    y = b.conv("depthwise", x, 16, 16, 3, pads=[1, 1, 1, 1], group=16)              # W [16,1,3,3]
    y = b.conv("depthwise_stride2", y, 16, 16, 3, stride=2, pads=[0, 0, 1, 1], group=16)
    y = b.conv("depthwise_multiplier2", y, 16, 32, 5, pads=[2, 2, 2, 2], group=16)  # W [32,1,5,5]
    y = b.conv("pointwise", y, 32, 24, 1)
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, [1, 24, 8, 8])
    return b.model(13)


def op_conv_transpose(weights="external"):
    b = Net("op_conv_transpose", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 8, 8])
    w1 = b.weight("deconv_k4s2.weight", [16, 8, 4, 4])                              # [C_in, K/group, kh, kw]
    y = b.node("ConvTranspose", [x, w1, b.weight("deconv_k4s2.bias", [8])], "deconv_k4s2",
               kernel_shape=[4, 4], strides=[2, 2], pads=[1, 1, 1, 1])                # 8x16x16
    w2 = b.weight("deconv_k3s2_outpad.weight", [8, 4, 3, 3])
    y = b.node("ConvTranspose", [y, w2], "deconv_k3s2_outpad", kernel_shape=[3, 3], strides=[2, 2],
               pads=[1, 1, 1, 1], output_padding=[1, 1], outputs=["output"])          # 4x32x32
    b.output("output", TP.FLOAT, [1, 4, 32, 32])
    return b.model(13)


def op_gemm(weights="external"):
    b = Net("op_gemm", weights)
    x = b.input("input", TP.FLOAT, [1, 256])
    y = b.gemm("fc1", x, 256, 128)                                                  # transB=1, bias
    y = b.node("Relu", [y], "relu")
    w = b.weight("fc2.weight", [128, 64])                                           # transB=0, no bias
    y = b.node("Gemm", [y, w], "fc2", alpha=1.0, beta=1.0)
    w = b.weight("fc3.weight", [10, 64])
    c = b.weight("fc3.bias", [1, 10])                                               # 2-D bias (broadcast)
    b.node("Gemm", [y, w, c], "fc3", transB=1, outputs=["output"])
    b.output("output", TP.FLOAT, [1, 10])
    return b.model(13)


def op_matmul_fc(weights="external"):
    b = Net("op_matmul_fc", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 64])                                     # 16 tokens of 64
    y = b.node("MatMul", [x, b.weight("fc1.weight", [64, 128])], "fc1")
    y = b.node("Add", [y, b.weight("fc1.bias", [128])], "fc1/bias")
    y = b.node("Relu", [y], "relu")
    y = b.node("MatMul", [y, b.weight("fc2.weight", [128, 32])], "fc2")            # no bias
    y = b.node("Reshape", [y, b.ints("flatten_shape", [1, 512])], "flatten")
    y = b.node("MatMul", [y, b.weight("fc3.weight", [512, 10])], "fc3")            # 2-D MatMul
    b.node("Add", [b.weight("fc3.bias", [10]), y], "fc3/bias", outputs=["output"])  # bias first
    b.output("output", TP.FLOAT, [1, 10])
    return b.model(13)


def op_attention(weights="external"):
    """One multi-head self-attention: 50 tokens, width 64, 4 heads of 16."""
    b = Net("op_attention", weights)
    tokens, dim, heads = 50, 64, 4
    hd = dim // heads
    x = b.input("input", TP.FLOAT, [1, tokens, dim])
    split_shape = b.ints("heads_shape", [1, tokens, heads, hd])

    def project(name):
        y = b.node("MatMul", [x, b.weight(f"{name}.weight", [dim, dim])], name)
        y = b.node("Add", [y, b.weight(f"{name}.bias", [dim])], f"{name}/bias")
        return b.node("Reshape", [y, split_shape], f"{name}/reshape")            # [1,50,4,16]

    q = b.node("Transpose", [project("q_proj")], "q_proj/transpose", perm=[0, 2, 1, 3])   # [1,4,50,16]
    k = b.node("Transpose", [project("k_proj")], "k_proj/transpose", perm=[0, 2, 3, 1])   # [1,4,16,50] = K^T
    v = b.node("Transpose", [project("v_proj")], "v_proj/transpose", perm=[0, 2, 1, 3])   # [1,4,50,16]
    s = b.node("MatMul", [q, k], "attn_qk")                                         # [1,4,50,50]
    s = b.node("Div", [s, b.scalar("attn_sqrt_dk", TP.FLOAT, 4.0)], "attn_scale")
    s = b.node("Softmax", [s], "attn_softmax", axis=-1)
    y = b.node("MatMul", [s, v], "attn_av")                                         # [1,4,50,16]
    y = b.node("Transpose", [y], "merge_transpose", perm=[0, 2, 1, 3])
    y = b.node("Reshape", [y, b.ints("merge_shape", [1, tokens, dim])], "merge_reshape")
    y = b.node("MatMul", [y, b.weight("out_proj.weight", [dim, dim])], "out_proj")
    b.node("Add", [y, b.weight("out_proj.bias", [dim])], "out_proj/bias", outputs=["output"])
    b.output("output", TP.FLOAT, [1, tokens, dim])
    return b.model(13)


def op_elementwise(weights="external"):
    b = Net("op_elementwise", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 8, 8])
    other = b.input("other", TP.FLOAT, [1, 16, 8, 8])
    y = b.node("Add", [x, other], "add_same_shape")
    y = b.node("Sub", [y, b.weight("channel_offset", [16, 1, 1])], "sub_per_channel")   # broadcast [16,1,1]
    y = b.node("Mul", [y, b.scalar("scale", TP.FLOAT, 0.5)], "mul_scalar")            # broadcast scalar
    gate = b.node("GlobalAveragePool", [x], "gate_pool")                              # [1,16,1,1]
    gate = b.node("Sigmoid", [gate], "gate_sigmoid")
    y = b.node("Mul", [y, gate], "mul_gate")                                          # squeeze-excite style
    row = b.node("ReduceMean", [other], "row_mean", axes=[1], keepdims=1)             # [1,1,8,8]
    y = b.node("Div", [y, row], "div_broadcast")
    y = b.node("Add", [y, b.weight("bias_last_axis", [8])], "add_last_axis")          # broadcast [8]
    b.node("Sub", [b.scalar("one", TP.FLOAT, 1.0), y], "rsub", outputs=["output"])    # scalar first
    b.output("output", TP.FLOAT, [1, 16, 8, 8])
    return b.model(13)


def op_concat(weights="external"):
    b = Net("op_concat", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 16, 16])
    a = b.conv("branch_1x1", x, 16, 8, 1)
    c = b.conv("branch_3x3", x, 16, 24, 3, pads=[1, 1, 1, 1])
    p = b.node("MaxPool", [x], "branch_pool", kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1])
    y = b.node("Concat", [a, c, p], "concat_channels", axis=1)                        # 48 channels
    y = b.conv("after_concat", y, 48, 32, 1)
    t = b.node("Concat", [y, y], "concat_width", axis=-1)                             # [1,32,16,32]
    b.node("Relu", [t], "relu", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 32, 16, 32])
    return b.model(13)


def op_split(weights="external"):
    b = Net("op_split", weights)
    x = b.input("input", TP.FLOAT, [1, 32, 8, 8])
    lo, hi = b.node("Split", [x, b.ints("split_sizes", [8, 24])], "split_uneven", count=2, axis=1)
    lo = b.conv("conv_lo", lo, 8, 8, 3, pads=[1, 1, 1, 1])
    hi = b.conv("conv_hi", hi, 24, 8, 3, pads=[1, 1, 1, 1])
    y = b.node("Concat", [lo, hi], "concat", axis=1)                                  # 16 channels
    parts = b.node("Split", [y], "split_equal", count=2, axis=1)                      # no sizes: equal halves
    b.node("Add", parts, "add_halves", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 8, 8, 8])
    return b.model(13)


def op_slice(weights="external"):
    b = Net("op_slice", weights)
    x = b.input("input", TP.FLOAT, [1, 32, 16, 16])
    y = b.node("Slice", [x, b.ints("ch_starts", [0]), b.ints("ch_ends", [16]), b.ints("ch_axes", [1])],
               "slice_channels")                                                      # [1,16,16,16]
    y = b.node("Slice", [y, b.ints("sp_starts", [0, 1]), b.ints("sp_ends", [16, 9223372036854775807]),
                         b.ints("sp_axes", [2, 3]), b.ints("sp_steps", [2, 2])], "slice_strided")  # [1,16,8,8]
    y = b.conv("conv", y, 16, 8, 3, pads=[1, 1, 1, 1])
    b.node("Slice", [y, b.ints("neg_starts", [-4]), b.ints("neg_ends", [-1]), b.ints("neg_axes", [-1])],
           "slice_negative", outputs=["output"])                                      # [1,8,8,3]
    b.output("output", TP.FLOAT, [1, 8, 8, 3])
    return b.model(13)


def op_pool(weights="external"):
    b = Net("op_pool", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 32, 32])
    y = b.node("MaxPool", [x], "maxpool_k3s2p1", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])  # 16x16
    y = b.node("AveragePool", [y], "avgpool_k3s1_exclude_pad", kernel_shape=[3, 3], strides=[1, 1],
               pads=[1, 1, 1, 1], count_include_pad=0)                                  # 16x16
    y = b.node("MaxPool", [y], "maxpool_k2s2", kernel_shape=[2, 2], strides=[2, 2])     # 8x8
    y = b.node("AveragePool", [y], "avgpool_k3s2_ceil", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1)  # 4x4
    y = b.conv("conv", y, 16, 32, 3, pads=[1, 1, 1, 1])
    y = b.node("GlobalAveragePool", [y], "global_avgpool", outputs=["output"])          # 1x1
    b.output("output", TP.FLOAT, [1, 32, 1, 1])
    return b.model(13)


def op_resize(weights="external"):
    b = Net("op_resize", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 10, 10])
    y = b.node("Resize", [x, "", b.const("scales_x2", TP.FLOAT, [4], [1.0, 1.0, 2.0, 2.0])],
               "resize_scales_nearest", mode="nearest")                                 # 20x20
    y = b.conv("conv", y, 8, 8, 3, pads=[1, 1, 1, 1])
    y = b.node("Resize", [y, "", "", b.ints("sizes", [1, 8, 33, 33])], "resize_sizes_linear",
               mode="linear", coordinate_transformation_mode="align_corners", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 8, 33, 33])
    return b.model(13)


def op_upsample_opset9(weights="external"):
    b = Net("op_upsample_opset9", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 10, 10])
    y = b.node("Upsample", [x, b.const("scales", TP.FLOAT, [4], [1.0, 1.0, 2.0, 2.0])], "upsample_scales_input",
               mode="nearest")                                                          # 20x20
    b.conv("conv", y, 8, 4, 3, pads=[1, 1, 1, 1])
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, [1, 4, 20, 20])
    return b.model(9)


def op_pad_conv(weights="external"):
    b = Net("op_pad_conv", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 16, 16])
    y = b.node("Pad", [x, b.ints("pads_sym", [0, 0, 1, 1, 0, 0, 1, 1])], "pad_symmetric", mode="constant")  # 18x18
    y = b.conv("conv_after_pad", y, 8, 16, 3)                                           # 16x16
    y = b.node("Pad", [y, b.ints("pads_asym", [0, 0, 0, 0, 0, 0, 1, 1]), b.scalar("pad_value", TP.FLOAT, 0.0)],
               "pad_bottom_right", mode="constant")                                     # 17x17
    y = b.conv("conv_stride2_after_pad", y, 16, 16, 3, stride=2)                        # 8x8
    y = b.node("Pad", [y, b.ints("pads_reflect", [0, 0, 2, 2, 0, 0, 2, 2])], "pad_reflect", mode="reflect")  # 12x12
    b.conv("conv_5x5_after_reflect", y, 16, 8, 5)                                       # 8x8
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, [1, 8, 8, 8])
    return b.model(13)


def op_activations(weights="external"):
    b = Net("op_activations", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 16, 16])
    y = b.conv("conv", x, 8, 16, 3, pads=[1, 1, 1, 1])
    y = b.node("Relu", [y], "relu")
    y = b.node("Clip", [y, b.scalar("clip_min", TP.FLOAT, 0.0), b.scalar("clip_max", TP.FLOAT, 6.0)], "clip_relu6")
    y = b.node("Clip", [y, "", b.scalar("clip_max_only.max", TP.FLOAT, 4.0)], "clip_max_only")
    y = b.node("Sigmoid", [y], "sigmoid")
    y = b.node("HardSigmoid", [y], "hardsigmoid", alpha=0.16666667, beta=0.5)
    y = b.node("HardSwish", [y], "hardswish")
    y = b.node("Tanh", [y], "tanh")
    y = b.node("LeakyRelu", [y], "leakyrelu", alpha=0.1)
    y = b.conv("conv2", y, 16, 10, 1)
    b.node("Softmax", [y], "softmax", axis=1, outputs=["output"])
    b.output("output", TP.FLOAT, [1, 10, 16, 16])
    return b.model(14)  # HardSwish needs opset 14


def op_norms(weights="external"):
    b = Net("op_norms", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 16, 16])
    y = b.conv("conv", x, 8, 16, 3, pads=[1, 1, 1, 1], bias=False)
    y = b.node("BatchNormalization", [y] + [b.weight(f"bn.{n}", [16]) for n in ("weight", "bias", "running_mean", "running_var")],
               "bn", epsilon=1e-5, momentum=0.9)
    y = b.node("Relu", [y], "relu")
    y = b.node("Reshape", [y, b.ints("tokens_shape", [1, 16, 256])], "to_tokens")
    y = b.node("Transpose", [y], "transpose", perm=[0, 2, 1])                            # [1,256,16]
    y = b.node("LayerNormalization", [y, b.weight("ln.weight", [16]), b.weight("ln.bias", [16])], "ln",
               axis=-1, epsilon=1e-6)
    y = b.node("MatMul", [y, b.weight("fc.weight", [16, 32])], "fc")
    y = b.node("LayerNormalization", [y, b.weight("ln_nobias.weight", [32])], "ln_no_bias", axis=2)
    b.node("Softmax", [y], "softmax", axis=-1, outputs=["output"])
    b.output("output", TP.FLOAT, [1, 256, 32])
    return b.model(17)  # LayerNormalization needs opset 17


def op_shape_ops(weights="external"):
    b = Net("op_shape_ops", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 8, 8])
    y = b.conv("conv", x, 8, 16, 3, pads=[1, 1, 1, 1])                                 # [1,16,8,8]
    y = b.node("Identity", [y], "identity")
    y = b.node("Dropout", [y], "dropout")
    # dynamic-shape chain: Shape -> Gather -> Unsqueeze -> Concat -> Reshape to [1, 1024]
    s = b.node("Shape", [y], "shape")
    n = b.node("Gather", [s, b.scalar("batch_axis", TP.INT64, 0)], "gather_batch", axis=0)
    n = b.node("Unsqueeze", [n, b.ints("unsqueeze0_axes", [0])], "unsqueeze_batch")
    t = b.node("Concat", [n, b.ints("minus_one", [-1])], "concat_shape", axis=0)
    y = b.node("Reshape", [y, t], "reshape_dynamic")                                    # [1,1024]
    c = b.node("Constant", [], "constant_shape",
               value=h.make_tensor("constant_shape_value", TP.INT64, [4], [0, 16, 8, 8]))  # typed int64_data
    y = b.node("Reshape", [y, c], "reshape_back")                                       # 0 copies the batch
    y = b.node("Transpose", [y], "to_nhwc", perm=[0, 2, 3, 1])                          # [1,8,8,16]
    y = b.node("Transpose", [y], "to_nchw", perm=[0, 3, 1, 2])
    y = b.node("GlobalAveragePool", [y], "pool")                                        # [1,16,1,1]
    y = b.node("Squeeze", [y, b.ints("squeeze_axes", [2, 3])], "squeeze")               # [1,16]
    y = b.node("Unsqueeze", [y, b.ints("unsqueeze_axes", [1])], "unsqueeze")            # [1,1,16]
    y = b.node("Flatten", [y], "flatten", axis=1)                                       # [1,16]
    y = b.gemm("fc", y, 16, 10)
    b.node("Reshape", [y, b.ints("final_shape", [-1, 10])], "reshape_minus_one", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 10])
    return b.model(13)


def op_quant_qdq(weights="external"):
    b = Net("op_quant_qdq", weights)
    x = b.input("input", TP.FLOAT, [1, 8, 16, 16])
    y = b.conv("conv_qdq", x, 8, 16, 3, pads=[1, 1, 1, 1], qdq=128)                    # per-tensor
    y = b.node("Relu", [y], "relu")
    # per-channel int8 weight (axis 0) and per-channel int32 bias
    xs, xz = b.scalar("conv_pc/input_scale", TP.FLOAT, 0.02), b.scalar("conv_pc/input_zero_point", TP.INT8, 0)
    xq = b.node("QuantizeLinear", [y, xs, xz], "conv_pc/input_quantize")
    xd = b.node("DequantizeLinear", [xq, xs, xz], "conv_pc/input_dequantize")
    wq = b.weight("conv_pc.weight_quantized", [16, 16, 3, 3], TP.INT8)
    ws = b.weight("conv_pc.weight_scale", [16])
    wz = b.weight("conv_pc.weight_zero_point", [16], TP.INT8)
    wd = b.node("DequantizeLinear", [wq, ws, wz], "conv_pc/weight_dequantize", axis=0)
    bq = b.weight("conv_pc.bias_quantized", [16], TP.INT32)
    bd = b.node("DequantizeLinear", [bq, b.weight("conv_pc.bias_scale", [16])], "conv_pc/bias_dequantize", axis=0)
    y = b.node("Conv", [xd, wd, bd], "conv_pc", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])  # 8x8
    oq = b.node("QuantizeLinear", [y, b.scalar("out_scale", TP.FLOAT, 0.05), b.scalar("out_zero_point", TP.UINT8, 128)],
                "output_quantize")
    b.node("DequantizeLinear", [oq, "out_scale", "out_zero_point"], "output_dequantize", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 16, 8, 8])
    return b.model(13)


def op_quant_qlinear(weights="external"):
    b = Net("op_quant_qlinear", weights)
    x = b.input("input", TP.UINT8, [1, 8, 16, 16])
    s = lambda n, v: b.scalar(n, TP.FLOAT, v)
    zu = lambda n: b.scalar(n, TP.UINT8, 128)
    zi = lambda n: b.scalar(n, TP.INT8, 0)
    y = b.node("QLinearConv", [x, s("x_scale", 0.02), zu("x_zero_point"),
                               b.weight("qconv.weight", [16, 8, 3, 3], TP.INT8), s("qconv.w_scale", 0.004), zi("qconv.w_zero_point"),
                               s("qconv.y_scale", 0.03), zu("qconv.y_zero_point"),
                               b.weight("qconv.bias", [16], TP.INT32)],
               "qconv", kernel_shape=[3, 3], strides=[1, 1], pads=[1, 1, 1, 1])          # uint8 [1,16,16,16]
    y = b.node("QLinearConv", [y, "qconv.y_scale", "qconv.y_zero_point",
                               b.weight("qconv_dw.weight", [16, 1, 3, 3], TP.INT8), s("qconv_dw.w_scale", 0.004),
                               zi("qconv_dw.w_zero_point"), s("qconv_dw.y_scale", 0.03), zu("qconv_dw.y_zero_point")],
               "qconv_dw", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1], group=16)  # no bias, [1,16,8,8]
    y = b.node("Reshape", [y, b.ints("tokens_shape", [1, 16, 64])], "to_rows")
    y = b.node("QLinearMatMul", [y, "qconv_dw.y_scale", "qconv_dw.y_zero_point",
                                 b.weight("qmatmul.weight", [64, 32], TP.INT8), s("qmatmul.b_scale", 0.004),
                                 zi("qmatmul.b_zero_point"), s("qmatmul.y_scale", 0.05), zu("qmatmul.y_zero_point")],
               "qmatmul")                                                                # uint8 [1,16,32]
    b.node("DequantizeLinear", [y, "qmatmul.y_scale", "qmatmul.y_zero_point"], "dequantize", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 16, 32])
    return b.model(13)


def op_quant_integer(weights="external"):
    """ConvInteger and MatMulInteger on uint8 inputs, rescaled by Cast and Mul."""
    b = Net("op_quant_integer", weights)
    x = b.input("input", TP.UINT8, [1, 8, 16, 16])
    y = b.node("ConvInteger", [x, b.weight("convint.weight", [16, 8, 3, 3], TP.UINT8),
                               b.scalar("x_zero_point", TP.UINT8, 128), b.scalar("convint.w_zero_point", TP.UINT8, 128)],
               "convint", kernel_shape=[3, 3], pads=[1, 1, 1, 1], strides=[2, 2])        # int32 [1,16,8,8]
    y = b.node("Cast", [y], "convint/cast", to=TP.FLOAT)
    y = b.node("Mul", [y, b.scalar("convint/rescale", TP.FLOAT, 8e-5)], "convint/rescale_mul")
    y = b.node("QuantizeLinear", [y, b.scalar("requant_scale", TP.FLOAT, 0.02), b.scalar("requant_zero_point", TP.UINT8, 0)],
               "requantize")
    y = b.node("Reshape", [y, b.ints("rows_shape", [1, 16, 64])], "to_rows")
    y = b.node("MatMulInteger", [y, b.weight("matmulint.weight", [64, 24], TP.INT8),
                                 "requant_zero_point", b.scalar("matmulint.b_zero_point", TP.INT8, 0)], "matmulint")
    y = b.node("Cast", [y], "matmulint/cast", to=TP.FLOAT)
    b.node("Mul", [y, b.scalar("matmulint/rescale", TP.FLOAT, 8e-5)], "matmulint/rescale_mul", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 16, 24])
    return b.model(13)


def op_quant_dynamic(weights="external"):
    """onnxruntime quantize_dynamic layout: DynamicQuantizeLinear -> MatMulInteger / ConvInteger
    -> Cast -> Mul by (activation scale x weight scale)."""
    b = Net("op_quant_dynamic", weights)
    x = b.input("input", TP.FLOAT, [1, 16, 64])
    q, qs, qz = b.node("DynamicQuantizeLinear", [x], "fc/quantize_input", count=3)
    y = b.node("MatMulInteger", [q, b.weight("fc.weight_quantized", [64, 32], TP.UINT8), qz,
                                 b.scalar("fc.weight_zero_point", TP.UINT8, 128)], "fc")
    y = b.node("Cast", [y], "fc/cast", to=TP.FLOAT)
    scale = b.node("Mul", [qs, b.scalar("fc.weight_scale", TP.FLOAT, 0.004)], "fc/scale")
    y = b.node("Mul", [y, scale], "fc/rescale")
    y = b.node("Add", [y, b.weight("fc.bias", [32])], "fc/bias", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 16, 32])
    return b.model(13)


def op_opset7(weights="pattern"):
    """Attribute forms of opset 7: BatchNormalization (spatial), Split `split` attribute,
    Upsample `scales` attribute, Clip min/max attributes, Squeeze/Unsqueeze `axes`
    attributes, Pad `pads` attribute, Dropout `ratio`. IR version 3; tiny real inline weights,
    shape tensors in typed int64_data rather than raw_data."""
    b = Net("op_opset7", weights)
    x = b.input("input", TP.FLOAT, [1, 4, 8, 8])
    y = b.node("Pad", [x], "pad_attr", pads=[0, 0, 1, 1, 0, 0, 1, 1], mode="constant", value=0.0)  # 10x10
    y = b.node("Conv", [y, b.weight("conv.weight", [8, 4, 3, 3]), b.weight("conv.bias", [8])], "conv",
               kernel_shape=[3, 3], strides=[1, 1])                                        # 8x8x8
    y = b.node("BatchNormalization", [y] + [b.weight(f"bn.{n}", [8]) for n in ("weight", "bias", "mean", "var")],
               "bn", epsilon=1e-5, spatial=1)
    y = b.node("Clip", [y], "clip_attr", min=0.0, max=6.0)
    lo, hi = b.node("Split", [y], "split_attr", count=2, axis=1, split=[2, 6])
    lo = b.node("Upsample", [lo], "upsample_attr", scales=[1.0, 1.0, 2.0, 2.0], mode="nearest")  # [1,2,16,16]
    lo = b.node("MaxPool", [lo], "maxpool", kernel_shape=[2, 2], strides=[2, 2])          # [1,2,8,8]
    y = b.node("Concat", [lo, hi], "concat", axis=1)                                      # [1,8,8,8]
    y = b.node("Dropout", [y], "dropout", ratio=0.1)
    y = b.node("GlobalAveragePool", [y], "pool")
    y = b.node("Squeeze", [y], "squeeze_attr", axes=[2, 3])                               # [1,8]
    y = b.node("Unsqueeze", [y], "unsqueeze_attr", axes=[2])                              # [1,8,1]
    y = b.node("Reshape", [y, b.const("flat_shape", TP.INT64, [2], [1, 8], raw=False)], "reshape")
    b.node("Gemm", [y, b.weight("fc.weight", [3, 8]), b.weight("fc.bias", [3])], "fc", transB=1, outputs=["output"])
    b.output("output", TP.FLOAT, [1, 3])
    return b.model(7)


def op_opset18(weights="external"):
    """Input forms of opset 18: Split sizes as an input and `num_outputs`, Resize `sizes`
    with `axes`, Clip min/max inputs, Squeeze/Unsqueeze axes inputs, ReduceMean axes input,
    Pad with an `axes` input."""
    b = Net("op_opset18", weights)
    x = b.input("input", TP.FLOAT, [1, 12, 8, 8])
    a, c = b.node("Split", [x, b.ints("split_sizes", [4, 8])], "split_input", count=2, axis=1)
    p, q = b.node("Split", [c], "split_num_outputs", count=2, axis=1, num_outputs=2)      # 4 + 4
    y = b.node("Concat", [a, p, q], "concat", axis=1)                                     # 12 channels
    y = b.node("Pad", [y, b.ints("pads_hw", [1, 1, 1, 1]), "", b.ints("pad_axes", [2, 3])], "pad_axes", mode="constant")  # 10x10
    y = b.conv("conv", y, 12, 16, 3)                                                      # 8x8
    y = b.node("Clip", [y, b.scalar("clip_min", TP.FLOAT, 0.0), b.scalar("clip_max", TP.FLOAT, 6.0)], "clip_inputs")
    y = b.node("Resize", [y, "", "", b.ints("resize_sizes", [16, 16])], "resize_sizes_axes", mode="nearest",
               axes=[2, 3])                                                               # 16x16
    m = b.node("ReduceMean", [y, b.ints("mean_axes", [2, 3])], "reduce_mean_axes_input", keepdims=1)  # [1,16,1,1]
    m = b.node("Squeeze", [m, b.ints("squeeze_axes", [2, 3])], "squeeze_axes_input")      # [1,16]
    m = b.node("Unsqueeze", [m, b.ints("unsqueeze_axes", [1])], "unsqueeze_axes_input")   # [1,1,16]
    b.node("HardSwish", [m], "hardswish", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 1, 16])
    return b.model(18)


NETWORKS = {
    "resnet18": (resnet18, "resnet18"),
    "mobilenet_v2": (mobilenet_v2, "mobilenet_v2"),
    "mobilenet_v2_qdq": (lambda weights="external": mobilenet_v2(weights, qdq=True), "mobilenet_v2"),
    "vit_tiny": (vit_tiny, "vit_tiny"),
    "resnet8": (resnet8, "resnet8"),
}
FAMILIES = {f.__name__: f for f in (
    op_conv, op_conv_grouped, op_conv_depthwise, op_conv_transpose, op_gemm, op_matmul_fc, op_attention,
    op_elementwise, op_concat, op_split, op_slice, op_pool, op_resize, op_upsample_opset9, op_pad_conv,
    op_activations, op_norms, op_shape_ops, op_quant_qdq, op_quant_qlinear, op_quant_integer,
    op_quant_dynamic, op_opset7, op_opset18)}


def resnet8_inline():
    """resnet8 with real inline weights (raw_data) and value_info for every intermediate
    tensor: the one fixture that has value_info."""
    model = resnet8("pattern", name="resnet8_inline")
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    model.graph.value_info.extend(inferred.graph.value_info)
    return model


# =======================================================================================
# Bad inputs
# =======================================================================================

def tiny_conv_net(name, opset=13):
    b = Net(name, "zeros")
    x = b.input("input", TP.FLOAT, ["N", 3, 16, 16])
    y = b.conv("conv1", x, 3, 8, 3, pads=[1, 1, 1, 1])
    y = b.node("Relu", [y], "relu1")
    b.conv("conv2", y, 8, 8, 3, pads=[1, 1, 1, 1])
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 8, 16, 16])
    return b


def bad_fixtures():
    """(file, bytes, what, node name, node index, op type). Weights are inline zeros here, so
    that each file has exactly its one defect (absent external data is not one)."""
    out = []

    def add(file, model_or_bytes, what, node="", index="", op=""):
        data = model_or_bytes if isinstance(model_or_bytes, bytes) else model_or_bytes.SerializeToString()
        out.append((file, data, what, node, index, op))

    good = resnet8().SerializeToString()
    cut = len(good) // 2
    while True:  # cut inside a field, so that parsing fails
        try:
            onnx.load_model_from_string(good[:cut])
            cut += 1
        except Exception:
            break
    add("truncated.onnx", good[:cut], f"resnet8.onnx cut after {cut} of {len(good)} bytes: not a complete protobuf")

    state, noise = 20240601, bytearray([0xFF])  # 0xFF: field 31 with wire type 7, which does not exist
    for _ in range(511):
        state = (state * 1103515245 + 12345) % 2 ** 31
        noise.append(state >> 23)
    add("random_bytes.onnx", bytes(noise), "512 bytes of a linear congruential sequence: not protobuf")
    add("empty.onnx", b"", "empty file (0 bytes; protobuf would parse it as an empty ModelProto without a graph)")

    b = tiny_conv_net("unsupported_op_foo")
    b.nodes.insert(2, h.make_node("Foo", ["relu1_output"], ["foo_output"], name="foo", alpha=1.0))
    b.nodes[3].input[0] = "foo_output"
    add("unsupported_op_foo.onnx", b.model(13), "node of unknown op type 'Foo' (default domain)", "foo", 2, "Foo")

    b = Net("unsupported_op_nms", "zeros")
    boxes = b.input("boxes", TP.FLOAT, [1, 100, 4])
    scores = b.input("scores", TP.FLOAT, [1, 1, 100])
    y = b.node("Relu", [scores], "scores_relu")
    b.node("NonMaxSuppression", [boxes, y, b.ints("max_boxes", [10]), b.const("iou", TP.FLOAT, [1], [0.5])],
           "nms", outputs=["output"])
    b.output("output", TP.INT64, ["K", 3])
    add("unsupported_op_nms.onnx", b.model(13), "valid ONNX op NonMaxSuppression that the importer does not support",
        "nms", 1, "NonMaxSuppression")

    b = tiny_conv_net("missing_graph_input")
    b.inputs.clear()
    add("missing_graph_input.onnx", b.model(13),
        "graph declares no inputs; node conv1 reads 'input', which is neither a graph input nor an initializer",
        "conv1", 0, "Conv")

    b = tiny_conv_net("cycle")
    # relu1 reads conv2's output and conv2 reads relu1's: relu1 -> conv2 -> relu1
    b.nodes[1].input[0] = "output"
    add("cycle.onnx", b.model(13), "cycle between relu1 and conv2 (relu1 reads conv2's output); report the first node of the cycle in file order",
        "relu1", 1, "Relu")

    b = tiny_conv_net("dangling_input")
    b.nodes[2].input[0] = "relu_1_output"  # a typo of relu1_output
    add("dangling_input.onnx", b.model(13),
        "conv2 reads 'relu_1_output', produced by no node and neither a graph input nor an initializer",
        "conv2", 2, "Conv")

    b = Net("conv_weight_wrong_rank", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 3, 16, 16])
    y = b.node("Conv", [x, b.weight("conv1.weight", [8, 3, 3])], "conv1", pads=[1, 1, 1, 1], outputs=["output"])
    b.output("output", TP.FLOAT, ["N", 8, 16, 16])
    add("conv_weight_wrong_rank.onnx", b.model(13), "Conv on a 4-D input with a 3-D weight [8,3,3]", "conv1", 0, "Conv")

    b = tiny_conv_net("conv_channel_mismatch")
    b.inits[0].dims[1] = 4  # conv1.weight [8,4,3,3] on a 3-channel input
    b.inits[0].raw_data = bytes(8 * 4 * 3 * 3 * 4)
    add("conv_channel_mismatch.onnx", b.model(13), "conv1 reads 3 channels but its weight [8,4,3,3] expects 4 (group 1)",
        "conv1", 0, "Conv")

    b = tiny_conv_net("conv_group_indivisible")
    for a in b.nodes[2].attribute:
        if a.name == "group":
            a.i = 3  # 8 channels in 3 groups
    add("conv_group_indivisible.onnx", b.model(13), "conv2 has group=3 but 8 input and 8 output channels", "conv2", 2, "Conv")

    b = tiny_conv_net("conv_kernel_shape_mismatch")
    for a in b.nodes[0].attribute:
        if a.name == "kernel_shape":
            a.ints[:] = [5, 5]
    add("conv_kernel_shape_mismatch.onnx", b.model(13), "conv1 kernel_shape [5,5] disagrees with its weight [8,3,3,3]",
        "conv1", 0, "Conv")

    b = Net("conv_output_empty", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 3, 4, 4])
    b.node("Conv", [x, b.weight("conv1.weight", [8, 3, 7, 7])], "conv1", kernel_shape=[7, 7], outputs=["output"])
    b.output("output", TP.FLOAT, ["N", 8, 1, 1])
    add("conv_output_empty.onnx", b.model(13), "7x7 conv without padding on a 4x4 input: output would be smaller than 1x1",
        "conv1", 0, "Conv")

    b = Net("reshape_runtime_shape", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 3, 16, 16])
    target = b.input("target_shape", TP.INT64, [2])
    y = b.conv("conv1", x, 3, 8, 3, pads=[1, 1, 1, 1], stride=4)
    y = b.node("Reshape", [y, target], "reshape")
    b.gemm("fc", y, 128, 10)
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 10])
    add("reshape_runtime_shape.onnx", b.model(13), "Reshape target is a graph input (known only at run time): its output shape cannot be inferred",
        "reshape", 1, "Reshape")

    b = Net("gemm_inner_mismatch", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 64])
    b.gemm("fc", x, 32, 10)  # weight [10, 32] on a 64-wide input
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 10])
    add("gemm_inner_mismatch.onnx", b.model(13), "Gemm A [N,64] with transB=1 weight [10,32]: inner dims 64 != 32",
        "fc", 0, "Gemm")

    b = Net("matmul_inner_mismatch", "zeros")
    q = b.input("q", TP.FLOAT, [1, 4, 50, 16])
    k = b.input("k", TP.FLOAT, [1, 4, 32, 50])
    b.node("MatMul", [q, k], "attn_qk", outputs=["output"])
    b.output("output", TP.FLOAT, [1, 4, 50, 50])
    add("matmul_inner_mismatch.onnx", b.model(13), "MatMul of two activations [1,4,50,16] x [1,4,32,50]: 16 != 32",
        "attn_qk", 0, "MatMul")

    b = Net("concat_mismatch", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 8, 16, 16])
    a = b.conv("conv_a", x, 8, 8, 3, pads=[1, 1, 1, 1])
    c = b.conv("conv_b", x, 8, 8, 3, stride=2, pads=[1, 1, 1, 1])
    b.node("Concat", [a, c], "concat", axis=1, outputs=["output"])
    b.output("output", TP.FLOAT, ["N", 16, 16, 16])
    add("concat_mismatch.onnx", b.model(13), "Concat on axis 1 of [N,8,16,16] and [N,8,8,8]: spatial sizes differ",
        "concat", 2, "Concat")

    b = Net("duplicate_output_name", "zeros")
    x = b.input("input", TP.FLOAT, ["N", 3, 16, 16])
    b.conv("conv_a", x, 3, 8, 3, pads=[1, 1, 1, 1])
    b.nodes[-1].output[0] = "features"
    b.conv("conv_b", x, 3, 8, 3, pads=[1, 1, 1, 1])
    b.nodes[-1].output[0] = "features"  # conv_b writes the tensor conv_a already wrote
    b.node("Relu", ["features"], "relu", outputs=["output"])
    b.output("output", TP.FLOAT, ["N", 8, 16, 16])
    add("duplicate_output_name.onnx", b.model(13), "conv_a and conv_b both write tensor 'features' (not SSA); report the second writer",
        "conv_b", 1, "Conv")

    b = tiny_conv_net("opset_6")
    model = b.model(6, ir_version=3)
    add("opset_6.onnx", model, "default-domain opset 6, below the supported minimum of 7")

    model = onnx.ModelProto()
    model.ir_version = 7
    model.producer_name = PRODUCER
    model.opset_import.extend([h.make_opsetid("", 13)])
    add("no_graph.onnx", model, "ModelProto with ir_version and opset 13 but no graph")

    b = tiny_conv_net("negative_dims")
    b.inits[0].dims[0] = -8
    b.inits[0].ClearField("raw_data")
    add("negative_dims.onnx", b.model(13), "initializer conv1.weight has dims [-8,3,3,3] (read by conv1)",
        "conv1", 0, "Conv")

    b = tiny_conv_net("no_output")
    b.outputs.clear()
    add("no_output.onnx", b.model(13), "graph has nodes but declares no output")

    b = Net("input_without_shape", "zeros")
    b.inputs.append(h.make_tensor_value_info("input", TP.FLOAT, None))
    y = b.conv("conv1", "input", 3, 8, 3, pads=[1, 1, 1, 1])
    b.nodes[-1].output[0] = "output"
    b.output("output", TP.FLOAT, ["N", 8, 16, 16])
    add("input_without_shape.onnx", b.model(13), "graph input 'input' has no shape (unknown rank), so no layer shape can be derived",
        "conv1", 0, "Conv")
    return out


# =======================================================================================
# Writing and checking
# =======================================================================================

def good_fixtures():
    """(file, model builder taking a weights mode)."""
    items = [(f"{n}.onnx", f) for n, (f, _) in NETWORKS.items()]
    items += [(f"{n}.onnx", f) for n, f in FAMILIES.items()]
    return items


def external_to_zeros(model):
    """The same graph with every absent external tensor replaced by inline zero bytes."""
    twin = onnx.ModelProto()
    twin.CopyFrom(model)
    for t in twin.graph.initializer:
        if t.data_location == TP.EXTERNAL:
            length = volume(t.dims) * ELEMENT_BYTES[t.data_type]
            t.ClearField("external_data")
            t.data_location = TP.DEFAULT
            t.raw_data = bytes(length)
    return twin


def check(file, model):
    """Strict ONNX shape inference must agree with the declared output shapes, and the
    checker (on the inline twin, since the checker insists on the external files) must pass."""
    twin = external_to_zeros(model)
    onnx.checker.check_model(twin, full_check=True)
    for output in twin.graph.output:
        output.type.tensor_type.ClearField("shape")
    inferred = onnx.shape_inference.infer_shapes(twin, strict_mode=True, data_prop=True)
    for declared, got in zip(model.graph.output, inferred.graph.output):
        d = [x.dim_value or x.dim_param for x in declared.type.tensor_type.shape.dim]
        g = [x.dim_value or x.dim_param for x in got.type.tensor_type.shape.dim]
        # ONNX's own data propagation stops at Shape -> Gather chains (unk__ dims): only a
        # conflict between two known values is an error. onnx-tool checks them fully.
        known = lambda v: isinstance(v, int) or v == "N"
        if len(g) not in (0, len(d)) or any(known(a) and known(b_) and a != b_ for a, b_ in zip(d, g)):
            raise SystemExit(f"{file}: output {declared.name} declared {d}, ONNX infers {g}")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def generate(out_dir):
    os.makedirs(os.path.join(out_dir, "bad"), exist_ok=True)
    for file, build in good_fixtures():
        model = build()
        check(file, model)
        assert not model.graph.value_info
        write(os.path.join(out_dir, file), model.SerializeToString())
    model = resnet8_inline()
    onnx.checker.check_model(model, full_check=True)
    write(os.path.join(out_dir, "resnet8_inline.onnx"), model.SerializeToString())

    rows = []
    for file, data, what, node, index, op in bad_fixtures():
        write(os.path.join(out_dir, "bad", file), data)
        rows.append([file, what, node, index, op])
    with open(os.path.join(out_dir, "bad", "expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "what", "expected_node_name", "expected_node_index", "expected_op"])
        w.writerows(rows)
    total = sum(os.path.getsize(os.path.join(r, n)) for r, _, ns in os.walk(out_dir) for n in ns)
    print(f"wrote {len(good_fixtures()) + 1} fixtures and {len(rows)} bad inputs to {out_dir} ({total} bytes in the folder)")


# -- onnx-tool reference counts -----------------------------------------------------------

PE_OPS = {"Conv", "ConvTranspose", "Gemm", "MatMul", "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger"}


def bias_input(node):
    """Index of the bias operand onnx-tool adds one ADD per output element for, or None."""
    if node.op_type in ("Conv", "ConvTranspose", "Gemm") and len(node.input) == 3 and node.input[2]:
        return 2
    if node.op_type == "QLinearConv" and len(node.input) == 9 and node.input[8]:
        return 8
    return None


def weight_inputs(node):
    return {"Conv": [1, 2], "ConvTranspose": [1, 2], "Gemm": [1, 2], "MatMul": [1], "QLinearConv": [3, 8],
            "QLinearMatMul": [3], "ConvInteger": [1], "MatMulInteger": [1]}[node.op_type]


def profile(path, model):
    """onnx-tool's profile (as model_profile runs it: NoMacsOps hidden) at batch 1."""
    import numpy
    import onnx_tool
    shapes = {}
    inits = {t.name for t in model.graph.initializer}
    for i in model.graph.input:
        if i.name not in inits:
            dims = [d.dim_value if d.HasField("dim_value") else 1 for d in i.type.tensor_type.shape.dim]
            # onnx-tool takes example arrays, not shapes (onnx_tool.create_ndarray_f32 for floats)
            shapes[i.name] = numpy.zeros(dims, dtype=onnx.helper.tensor_dtype_to_np_dtype(i.type.tensor_type.elem_type))
    m = onnx_tool.Model(path, {"verbose": False})
    g = m.graph
    g.graph_reorder_nodes()
    g.shape_infer(shapes)
    g.profile(exclude_ops=set(onnx_tool.NoMacsOps))
    if not g.valid_profile:
        raise RuntimeError("onnx-tool shape inference failed")
    for o in model.graph.output:  # onnx-tool's shapes must be the declared ones at batch 1
        declared = [d.dim_value if d.HasField("dim_value") else 1 for d in o.type.tensor_type.shape.dim]
        got = [int(v) for v in g.tensormap[o.name].get_shape()]
        if declared != got:
            raise RuntimeError(f"onnx-tool infers {got} for output {o.name}, declared {declared}")

    nodes = {n.name: n for n in model.graph.node}
    producer = {o: n for n in model.graph.node for o in n.output}
    consumers = {}
    for n in model.graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def tool_node(name):
        return g.nodemap[name] if name in g.nodemap else None

    pe_macs = bias_adds = pe_params = 0
    layers = {}
    for name, node in nodes.items():
        if node.op_type not in PE_OPS:
            continue
        tn = tool_node(name)
        pe_macs += int(tn.macs[0])
        adds = volume(g.tensormap[node.output[0]].get_shape()) if bias_input(node) is not None else 0
        bias_adds += adds
        layers[name] = int(tn.macs[0]) - adds
        pe_params += int(tn.params)
        for index in weight_inputs(node):
            if index < len(node.input) and node.input[index] in producer:
                p = producer[node.input[index]]
                if p.op_type == "DequantizeLinear":
                    pe_params += int(tool_node(p.name).params)
        # an exported Linear: MatMul followed by an Add of a 1-D initializer
        if node.op_type == "MatMul" and node.input[1] in inits:
            for c in consumers.get(node.output[0], []):
                if c.op_type == "Add" and any(i in inits for i in c.input):
                    pe_params += int(tool_node(c.name).params)
    return dict(macs=int(round(g.macs[0])), params=int(g.params), conv_gemm_macs=pe_macs - bias_adds,
                conv_gemm_bias_adds=bias_adds, conv_gemm_params=pe_params, layers=layers,
                node_names=set(nodes))


PER_LAYER = {}  # file -> profile(), kept for the layer-by-layer comparison with the zoo
ZOO_LAYERS = {}  # zoo name -> [(layer, op, macs)]


def reference_counts(out_dir):
    import onnx_tool
    source = f"onnx-tool {onnx_tool.utils.VERSION} profile"
    rows, failures = [], []
    names = [f for f, _ in good_fixtures()] + ["resnet8_inline.onnx"]
    with tempfile.TemporaryDirectory() as tmp:
        for file in names:
            model = onnx.load(os.path.join(out_dir, file), load_external_data=False)
            twin = external_to_zeros(model)
            path = os.path.join(tmp, file)  # inline twin: onnx-tool cannot read absent external data
            onnx.save(twin, path)
            try:
                quiet = io.StringIO()
                stdout, sys.stdout = sys.stdout, quiet
                try:
                    c = profile(path, twin)
                finally:
                    sys.stdout = stdout
            except Exception as e:  # noqa: BLE001 - recorded, not fatal
                failures.append((file, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"))
                continue
            rows.append([file, c["macs"], c["params"], source, c["conv_gemm_macs"], c["conv_gemm_bias_adds"],
                         c["conv_gemm_params"]])
            PER_LAYER[file] = c
    with open(os.path.join(out_dir, "reference_counts.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "macs", "params", "source", "conv_gemm_macs", "conv_gemm_bias_adds", "conv_gemm_params"])
        w.writerows(rows)
    print(f"reference_counts.csv: {len(rows)} fixtures profiled")
    for file, why in failures:
        print(f"  onnx-tool could not profile {file}: {why}")
    return rows


# -- zoo counts ---------------------------------------------------------------------------

def zoo_counts(out_dir, binary, design):
    import json
    zoo_rows = {}
    with tempfile.TemporaryDirectory(prefix="onnx-fixture-zoo-") as tmp:
        for zoo in sorted({z for _, z in NETWORKS.values()}):
            workload = os.path.join(tmp, f"{zoo}.yaml")
            with open(workload, "w") as f:
                f.write(f"workload: x\nnetwork: {{zoo: {zoo}}}\n")
            run = subprocess.run([binary, "evaluate", "--design", design, "--workload", workload, "--mapper", "search",
                                  "--schedule", "layer-by-layer", "--format", "json"],
                                 check=True, capture_output=True, text=True)
            result = json.loads(run.stdout)
            summary = result["summary"]
            zoo_rows[zoo] = (summary["macs"], summary["params"])
            ZOO_LAYERS[zoo] = [(l["name"], l["op"], l["macs"]) for l in result["layers"]]
    source = "npu-codesign evaluate --design tpu-like --schedule layer-by-layer: summary.macs/params, batch 1"
    with open(os.path.join(out_dir, "zoo_counts.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["file", "zoo", "macs", "params", "source"])
        for name, (_, zoo) in NETWORKS.items():
            w.writerow([f"{name}.onnx", zoo, *zoo_rows[zoo], source])
        w.writerow(["resnet8_inline.onnx", "resnet8", *zoo_rows["resnet8"], source])
    print("zoo_counts.csv written")


def compare(out_dir):
    """onnx-tool (multiply-accumulates of Conv/Gemm/MatMul, their params) against the zoo."""
    ref = {r["file"]: r for r in csv.DictReader(open(os.path.join(out_dir, "reference_counts.csv")))}
    worst = 0.0
    print(f"{'file':24} {'onnx-tool MACs':>15} {'zoo MACs':>15} {'diff':>8} {'onnx-tool params':>17} {'zoo params':>11} {'diff':>8}")
    for z in csv.DictReader(open(os.path.join(out_dir, "zoo_counts.csv"))):
        r = ref.get(z["file"])
        if r is None:
            print(f"{z['file']:24} not profiled")
            worst = math.inf
            continue
        dm = (int(r["conv_gemm_macs"]) - int(z["macs"])) / int(z["macs"]) * 100
        dp = (int(r["conv_gemm_params"]) - int(z["params"])) / int(z["params"]) * 100
        worst = max(worst, abs(dm), abs(dp))
        print(f"{z['file']:24} {r['conv_gemm_macs']:>15} {z['macs']:>15} {dm:>7.3f}% {r['conv_gemm_params']:>17} {z['params']:>11} {dp:>7.3f}%")
        dm_all = (int(r["macs"]) - int(z["macs"])) / int(z["macs"]) * 100
        dp_all = (int(r["params"]) - int(z["params"])) / int(z["params"]) * 100
        print(f"{'':24} onnx-tool totals: macs {r['macs']} ({dm_all:+.2f}%), params {r['params']} ({dp_all:+.2f}%)")
    print(f"largest difference {worst:.3f}% ({'within' if worst <= 0.5 else 'OUTSIDE'} 0.5%)")
    ok = worst <= 0.5
    # layer for layer: every zoo layer is a node of the same name; PE-array layers have equal MACs
    for file, (_, zoo) in [(f"{n}.onnx", v) for n, v in NETWORKS.items()] + [("resnet8_inline.onnx", (None, "resnet8"))]:
        c = PER_LAYER.get(file)
        if c is None or zoo not in ZOO_LAYERS:
            continue
        zoo_pe = {name: macs for name, op, macs in ZOO_LAYERS[zoo] if macs > 0}
        problems = [f"{n}: zoo {m}, onnx-tool {c['layers'].get(n)}" for n, m in zoo_pe.items() if c["layers"].get(n) != m]
        problems += [f"{n}: ONNX only" for n in c["layers"] if n not in zoo_pe]
        problems += [f"{n}: no ONNX node" for n, _, _ in ZOO_LAYERS[zoo] if n not in c["node_names"]]
        print(f"{file}: {len(zoo_pe)} PE-array layers, {len(ZOO_LAYERS[zoo])} zoo layers: "
              + ("all match by name and MACs" if not problems else "; ".join(problems[:5])))
        ok = ok and not problems
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--reference-counts", action="store_true", help="also run onnx-tool and write reference_counts.csv")
    parser.add_argument("--zoo-counts", metavar="BINARY", help="also write zoo_counts.csv from this npu-codesign binary")
    parser.add_argument("--all", metavar="BINARY", help="fixtures, reference counts, zoo counts and the comparison")
    parser.add_argument("--design", default=os.path.join(HERE, "..", "..", "..", "Designs", "tpu-like.yaml"))
    args = parser.parse_args()
    if args.all:
        args.reference_counts, args.zoo_counts = True, args.all
    generate(args.out_dir)
    if args.reference_counts:
        reference_counts(args.out_dir)
    if args.zoo_counts:
        zoo_counts(args.out_dir, args.zoo_counts, os.path.abspath(args.design))
    if args.reference_counts and args.zoo_counts:
        if not compare(args.out_dir):
            sys.exit(1)


if __name__ == "__main__":
    main()
