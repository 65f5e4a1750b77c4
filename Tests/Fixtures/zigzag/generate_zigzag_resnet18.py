#!/usr/bin/env python3
"""Generate ZigZag reference results for ResNet-18 on ZigZag's bundled accelerators.

Runs ZigZag 3.9.1 (PyPI package `zigzag-dse`) on its own bundled ResNet-18 ONNX model
(zigzag/inputs/workload/resnet18.onnx: torchvision ResNet-18, 1x3x224x224, batch 1) for
ZigZag's own example accelerators `edge_tpu_like` and `tpu_like`
(zigzag/inputs/hardware/<name>.yaml) with their own mapping files
(zigzag/inputs/mapping/<name>.yaml). All three inputs are used unmodified, straight from
the installed package.

ZigZag is called as its own tests call it (tests/main/test_origin/test_<name>.py upstream):
`get_hardware_performance_zigzag(workload, accelerator, mapping)` with the API defaults,
which are spelled out below: opt="latency", lpf_limit=6, LOMA temporal-mapping search
(exhaustive over loop orderings of at most 6 loop prime factors per layer),
temporal_mapping_type="uneven", nb_spatial_mappings_generated=3 (unused: the mapping files
fix the spatial mapping), no inter-layer data locality, no mixed spatial mappings.
LOMA is an exhaustive enumeration, so the result is deterministic; the script also fixes
PYTHONHASHSEED=0 (it re-executes itself if needed) so that no set/dict ordering can vary.

Outputs, next to this script (or in --out-dir):
  zigzag_resnet18.csv          one row per (accelerator, layer): 21 conv/fc layers each
  zigzag_resnet18_totals.csv   one row per accelerator: sums, checked against ZigZag's own totals
  zigzag_accelerators.json     the two accelerators as ZigZag parsed them (memory levels,
                               ports, served dimensions, instances, energies)

Only Conv and Gemm nodes are layers for ZigZag's ONNX parser; ReLU, MaxPool, Add,
GlobalAveragePool and Flatten become DummyNodes that ZigZag skips (zigzag/stages/
workload_iterator.py), so they are not in the table.

Usage (see README.md):
    pip install zigzag-dse==3.9.1 "numpy<2.4" six
    python3 Tests/Fixtures/zigzag/generate_zigzag_resnet18.py
"""

import argparse
import csv
import io
import json
import logging
import math
import os
import re
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

# Fix hash randomisation before anything iterates over sets of strings.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

# Quiet ZigZag: its API calls logging.basicConfig(INFO), which is a no-op once the root
# logger has a handler.
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

import onnx  # noqa: E402
import zigzag  # noqa: E402
from zigzag.api import get_hardware_performance_zigzag  # noqa: E402
from zigzag.mapping.data_movement import DataDirection, DataMoveAttr  # noqa: E402

ZIGZAG_VERSION = "3.9.1"
HERE = Path(__file__).resolve().parent
PKG = Path(zigzag.__file__).resolve().parent
ONNX_PATH = PKG / "inputs" / "workload" / "resnet18.onnx"
ACCELERATORS = ["edge_tpu_like", "tpu_like"]

# ZigZag API settings (all equal to the API's defaults in zigzag/api.py, 3.9.1).
API_SETTINGS = dict(
    opt="latency",
    lpf_limit=6,
    temporal_mapping_search_engine="loma",
    temporal_mapping_type="uneven",
    nb_spatial_mappings_generated=3,
    in_memory_compute=False,
    exploit_data_locality=False,
    enable_mix_spatial_mapping=False,
)

# torchvision.models.resnet18 at 224x224 (He et al. 2016, Table 1; torchvision's BasicBlock
# puts the stride on conv1 of the first block of layer2-4 and on the 1x1 downsample):
# name -> (K, C, P=OY, Q=OX, R=FY, S=FX, stride, padding)
TORCHVISION_RESNET18 = {
    "conv1": (64, 3, 112, 112, 7, 7, 2, 3),
    "layer1.0.conv1": (64, 64, 56, 56, 3, 3, 1, 1),
    "layer1.0.conv2": (64, 64, 56, 56, 3, 3, 1, 1),
    "layer1.1.conv1": (64, 64, 56, 56, 3, 3, 1, 1),
    "layer1.1.conv2": (64, 64, 56, 56, 3, 3, 1, 1),
    "layer2.0.conv1": (128, 64, 28, 28, 3, 3, 2, 1),
    "layer2.0.conv2": (128, 128, 28, 28, 3, 3, 1, 1),
    "layer2.0.downsample.0": (128, 64, 28, 28, 1, 1, 2, 0),
    "layer2.1.conv1": (128, 128, 28, 28, 3, 3, 1, 1),
    "layer2.1.conv2": (128, 128, 28, 28, 3, 3, 1, 1),
    "layer3.0.conv1": (256, 128, 14, 14, 3, 3, 2, 1),
    "layer3.0.conv2": (256, 256, 14, 14, 3, 3, 1, 1),
    "layer3.0.downsample.0": (256, 128, 14, 14, 1, 1, 2, 0),
    "layer3.1.conv1": (256, 256, 14, 14, 3, 3, 1, 1),
    "layer3.1.conv2": (256, 256, 14, 14, 3, 3, 1, 1),
    "layer4.0.conv1": (512, 256, 7, 7, 3, 3, 2, 1),
    "layer4.0.conv2": (512, 512, 7, 7, 3, 3, 1, 1),
    "layer4.0.downsample.0": (512, 256, 7, 7, 1, 1, 2, 0),
    "layer4.1.conv1": (512, 512, 7, 7, 3, 3, 1, 1),
    "layer4.1.conv2": (512, 512, 7, 7, 3, 3, 1, 1),
    "fc": (1000, 512, 1, 1, 1, 1, 1, 0),
}

# Every memory level name of the two accelerators, for fixed energy columns.
LEVEL_COLUMNS = ["rf_1B", "rf_128B", "rf_2B", "sram_32KB", "sram_2MB", "dram"]
OPERANDS = ["W", "I", "O"]

COLUMNS = (
    ["accelerator", "layer", "zigzag_layer", "onnx_node", "zigzag_order", "op", "K", "C", "OX", "OY", "FX", "FY", "stride",
     "padding", "IX", "IY", "macs", "W_elems", "I_elems", "O_elems",
     "W_bits", "I_bits", "O_partial_bits", "O_final_bits",
     "latency_total_cycles", "latency_total0_cycles", "latency_total1_cycles",
     "ideal_cycles", "ideal_temporal_cycles", "stall_slack_cycles",
     "data_onloading_cycles", "data_offloading_cycles", "systolic_drain_cycles",
     "mac_spatial_utilization", "mac_utilization",
     "energy_total_pJ", "mac_energy_pJ", "mem_energy_pJ"]
    + [f"energy_{lv}_pJ" for lv in LEVEL_COLUMNS]
    + [f"energy_dram_{op}_pJ" for op in OPERANDS]
    + [f"dram_{op}_{rw}_bytes" for op in OPERANDS for rw in ("read", "write")]
    + ["dram_bytes"]
    + [f"dram_{op}_{rw}_words" for op in OPERANDS for rw in ("read", "write")]
    + ["dram_word_bits",
       "spatial_mapping", "spatial_unrolling_energy", "spatial_unrolling_latency",
       "temporal_loops_inner_to_outer", "temporal_mapping",
       "mem_energy_per_operand_level_pJ", "word_accesses"]
)

TOTAL_COLUMNS = ["accelerator", "layers", "macs", "latency_total_cycles", "ideal_cycles",
                 "ideal_temporal_cycles", "stall_slack_cycles", "data_onloading_cycles",
                 "data_offloading_cycles", "systolic_drain_cycles", "energy_total_pJ",
                 "mac_energy_pJ", "mem_energy_pJ"] + \
                [f"energy_{lv}_pJ" for lv in LEVEL_COLUMNS] + \
                [f"dram_{op}_{rw}_bytes" for op in OPERANDS for rw in ("read", "write")] + \
                ["dram_bytes", "zigzag_energy_total_pJ", "zigzag_latency_total_cycles"]


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------

def num(x):
    """Full-precision text: integers as integers, other floats as Python's round-trip repr."""
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    x = float(x)
    if x.is_integer() and abs(x) < 2 ** 53:
        return str(int(x))
    return repr(x)


def factor(x):
    """A loop or unrolling factor: 4, 3.5, 31.25."""
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def torchvision_name(onnx_name):
    """'/layer2/layer2.0/downsample/downsample.0/Conv' -> 'layer2.0.downsample.0'.

    PyTorch's exporter names a node by its module scopes. A scope either repeats its
    parent's path with one more component ('layer2' -> 'layer2.0', 'downsample' ->
    'downsample.0') or is a child attribute ('conv1'); the last part is the op type."""
    parts = [p for p in onnx_name.split("/") if p][:-1]
    path = []
    for part in parts:
        if path and part.startswith(path[-1] + "."):
            path[-1] = part
        else:
            path.append(part)
    return ".".join(path)


def onnx_node_attributes():
    """Strides and pads of the ONNX Conv nodes, by node name (weights are external and
    not shipped; only the graph is read)."""
    model = onnx.load(str(ONNX_PATH), load_external_data=False)
    inputs = [[d.dim_value for d in i.type.tensor_type.shape.dim] for i in model.graph.input]
    assert inputs == [[1, 3, 224, 224]], f"unexpected ONNX input shape {inputs}"
    attrs = {}
    for node in model.graph.node:
        if node.op_type in ("Conv", "Gemm"):
            a = {x.name: onnx.helper.get_attribute_value(x) for x in node.attribute}
            attrs[node.name] = a
    return attrs


def layer_operand(layer, name):
    return next(op for op in layer.layer_operands if op.name == name)


def memory_levels(cme, op_name):
    layer = cme.layer
    mem_op = layer.memory_operand_links.layer_to_mem_op(layer_operand(layer, op_name))
    return cme.accelerator.memory_hierarchy.get_memory_levels(mem_op)


def spatial_mapping_text(sm):
    """ZigZag's SpatialMapping {D1: {K: 8}, ...} as 'D1:K8 D2:C3 D3:OX4 D4:OY4' ('-' if empty)."""
    parts = []
    for oa_dim in sorted(sm, key=str):
        unrollings = sm[oa_dim]
        inner = ",".join(f"{d}{factor(f)}" for d, f in unrollings.items()) or "-"
        parts.append(f"{oa_dim}:{inner}")
    return " ".join(parts)


def unrolling_text(sm_internal):
    """Product per layer dimension of the output operand's spatial loops (every spatially
    unrolled dimension appears in the output operand's entry), sorted by dimension name."""
    total = {}
    for level in sm_internal.mapping_dict_origin[layer_operand_key(sm_internal, "O")]:
        for dim, f in level:
            total[str(dim)] = total.get(str(dim), 1.0) * float(f)
    return " ".join(f"{d}{factor(f)}" for d, f in sorted(total.items()))


def layer_operand_key(sm_internal, name):
    return next(k for k in sm_internal.mapping_dict_origin if str(k) == name)


def temporal_texts(cme):
    """(inner-to-outer loop list, per-operand per-memory-level assignment)."""
    tm = cme.temporal_mapping.mapping_dic_origin
    per_op = []
    flat_by_op = {}
    for op_name in OPERANDS:
        key = next(k for k in tm if str(k) == op_name)
        names = [lv.name for lv in memory_levels(cme, op_name)]
        levels = tm[key]
        assert len(levels) == len(names), (levels, names)
        per_op.append(f"{op_name}: " + " ".join(
            f"{n}[{' '.join(f'{d}{factor(f)}' for d, f in lv)}]" for n, lv in zip(names, levels)))
        flat_by_op[op_name] = [(str(d), float(f)) for lv in levels for d, f in lv]
    flat = flat_by_op["O"]
    assert flat_by_op["W"] == flat and flat_by_op["I"] == flat, "operands disagree on the loop nest"
    return " ".join(f"{d}{factor(f)}" for d, f in flat), " | ".join(per_op)


def dram_traffic(cme, op_name):
    """Element transfers x precision at the operand's outermost level (the DRAM).

    ZigZag's `unit_mem_data_movement[op][top]` gives, per direction, the number of data
    elements moved (DATA_ELEM_MOVE_COUNT) and their precision in bits (DATA_PRECISION).
    RD_OUT_TO_LOW = read out of DRAM towards the chip, WR_IN_BY_LOW = written into DRAM
    from the chip. Also returns ZigZag's own access counts (memory_word_access), which are
    in words of the port's bandwidth_max bits and are what the energy is charged on."""
    layer = cme.layer
    lop = layer_operand(layer, op_name)
    top = len(memory_levels(cme, op_name)) - 1
    move = cme.mapping.unit_mem_data_movement[lop][top]
    count = move.get_attribute(DataMoveAttr.DATA_ELEM_MOVE_COUNT)
    prec = move.get_attribute(DataMoveAttr.DATA_PRECISION)
    bits_read = count.get(DataDirection.RD_OUT_TO_LOW) * prec.get(DataDirection.RD_OUT_TO_LOW)
    bits_written = count.get(DataDirection.WR_IN_BY_LOW) * prec.get(DataDirection.WR_IN_BY_LOW)
    # Nothing leaves the top level towards a higher one.
    assert count.get(DataDirection.RD_OUT_TO_HIGH) == 0 and count.get(DataDirection.WR_IN_BY_HIGH) == 0
    assert bits_read % 8 == 0 and bits_written % 8 == 0
    words = cme.memory_word_access[lop][top]
    return (bits_read // 8, bits_written // 8,
            words.get(DataDirection.RD_OUT_TO_LOW), words.get(DataDirection.WR_IN_BY_LOW))


def four_way(x):
    return "/".join(num(x.get(d)) for d in (DataDirection.RD_OUT_TO_LOW, DataDirection.WR_IN_BY_HIGH,
                                            DataDirection.RD_OUT_TO_HIGH, DataDirection.WR_IN_BY_LOW))


# ---------------------------------------------------------------------------------------------
# one accelerator
# ---------------------------------------------------------------------------------------------

def run_accelerator(name, attrs, lpf_limit):
    hardware = PKG / "inputs" / "hardware" / f"{name}.yaml"
    mapping = PKG / "inputs" / "mapping" / f"{name}.yaml"
    settings = dict(API_SETTINGS, lpf_limit=lpf_limit)
    with tempfile.TemporaryDirectory(prefix=f"zigzag_{name}_") as dump:
        start = time.perf_counter()
        energy, latency, results = get_hardware_performance_zigzag(
            str(ONNX_PATH), str(hardware), str(mapping),
            dump_folder=dump, loma_show_progress_bar=False, **settings)
        seconds = time.perf_counter() - start
    # results = [(CumulativeCME, [(cme, extra_info), ...])]
    assert len(results) == 1
    cumulative, per_layer = results[0]
    cmes = [cme for cme, _ in per_layer]
    rows = [layer_row(name, cme, attrs) for cme in cmes]
    for order, row in enumerate(rows):
        row["zigzag_order"] = order
    # ONNX graph order (= torchvision's forward order); ZigZag's topological sort evaluates each
    # downsample conv before the conv2 of its block.
    rows.sort(key=lambda r: r["onnx_node"])
    assert [r["layer"] for r in rows] == list(TORCHVISION_RESNET18), \
        f"{name}: layers differ from torchvision ResNet-18: {[r['layer'] for r in rows]}"
    check_sums(name, rows, cmes, energy, latency, cumulative)
    return rows, totals_row(name, rows, energy, latency), cmes[0].accelerator, seconds


def layer_row(acc_name, cme, attrs):
    layer = cme.layer
    dims = {str(d): v for d, v in layer.layer_dim_sizes.items()}
    node = attrs[layer.name]
    is_fc = layer.type == "Gemm"
    if is_fc:
        K, C, OX, OY, FX, FY, stride, pad = dims["K"], dims["C"], 1, 1, 1, 1, 1, 0
        assert dims["D"] == 1
        IX = IY = 1
    else:
        assert dims["B"] == 1 and dims["G"] == 1
        K, C, OX, OY, FX, FY = dims["K"], dims["C"], dims["OX"], dims["OY"], dims["FX"], dims["FY"]
        strides, pads = node.get("strides", [1, 1]), node.get("pads", [0, 0, 0, 0])
        assert strides[0] == strides[1] and len(set(pads)) == 1
        stride, pad = strides[0], pads[0]
        rel = " ".join(str(r) for r in layer.dimension_relations)
        assert re.search(rf"IX = {stride}\*OX", rel) and re.search(rf"IY = {stride}\*OY", rel), rel
        pr = {str(d): v for d, v in layer.pr_layer_dim_sizes.items()}
        IX, IY = pr["IX"], pr["IY"]
    tv = torchvision_name(layer.name)
    expected = TORCHVISION_RESNET18[tv]
    got = (K, C, OY, OX, FY, FX, stride, pad)
    assert got == expected, f"{tv}: ZigZag {got} != torchvision {expected}"

    prec = {str(k): v for k, v in layer.operand_precision.data.items()}
    elems = {str(k): v for k, v in layer.operand_size_elem.items()}
    macs = layer.total_mac_count
    assert macs == K * C * OX * OY * FX * FY

    # energy per memory level name (all operands held there), and per operand at DRAM
    per_level = {}
    per_op_text = []
    dram_energy = {}
    for op_name in OPERANDS:
        lop = layer_operand(layer, op_name)
        levels = memory_levels(cme, op_name)
        breakdown = cme.mem_energy_breakdown[lop]
        assert len(breakdown) == len(levels)
        for lv, e in zip(levels, breakdown):
            per_level[lv.name] = per_level.get(lv.name, 0.0) + e
        per_op_text.append(f"{op_name}: " + " ".join(f"{lv.name}={num(e)}" for lv, e in zip(levels, breakdown)))
        assert levels[-1].name == "dram", f"outermost level of {op_name} is {levels[-1].name}"
        dram_energy[op_name] = breakdown[-1]
    assert set(per_level) <= set(LEVEL_COLUMNS), per_level
    assert math.isclose(sum(per_level.values()), cme.mem_energy, rel_tol=1e-12)
    assert math.isclose(cme.mac_energy + cme.mem_energy, cme.energy_total, rel_tol=1e-12)

    word_text = []
    for op_name in OPERANDS:
        lop = layer_operand(layer, op_name)
        levels = memory_levels(cme, op_name)
        word_text.append(f"{op_name}: " + " ".join(
            f"{lv.name}={four_way(acc)}" for lv, acc in zip(levels, cme.memory_word_access[lop])))

    dram = {op: dram_traffic(cme, op) for op in OPERANDS}
    # DRAM word width: every DRAM port of both accelerators is 64 bits (min = max); the energy is
    # ZigZag's words x r_cost / w_cost.
    dram_level = memory_levels(cme, "O")[-1]
    word_bits = {p.bw_max for p in dram_level.ports} | {p.bw_min for p in dram_level.ports}
    assert len(word_bits) == 1
    word_bits = word_bits.pop()
    for op_name in OPERANDS:
        rd_b, wr_b, rd_w, wr_w = dram[op_name]
        expected_energy = rd_w * dram_level.read_energy + wr_w * dram_level.write_energy
        assert math.isclose(expected_energy, dram_energy[op_name], rel_tol=1e-12, abs_tol=1e-9)
        assert rd_w * word_bits >= rd_b * 8 and wr_w * word_bits >= wr_b * 8

    loops, tm_text = temporal_texts(cme)
    row = {
        "accelerator": acc_name, "layer": tv, "zigzag_layer": layer.name, "onnx_node": layer.id,
        "op": "fc" if is_fc else "conv",
        "K": K, "C": C, "OX": OX, "OY": OY, "FX": FX, "FY": FY, "stride": stride, "padding": pad,
        "IX": IX, "IY": IY, "macs": macs,
        "W_elems": elems["W"], "I_elems": elems["I"], "O_elems": elems["O"],
        "W_bits": prec["W"], "I_bits": prec["I"], "O_partial_bits": prec["O"], "O_final_bits": prec["O_final"],
        "latency_total_cycles": cme.latency_total2,
        "latency_total0_cycles": cme.latency_total0,
        "latency_total1_cycles": cme.latency_total1,
        "ideal_cycles": cme.ideal_cycle,
        "ideal_temporal_cycles": cme.ideal_temporal_cycle,
        "stall_slack_cycles": cme.stall_slack_comb,
        "data_onloading_cycles": cme.data_onloading_cycle,
        "data_offloading_cycles": cme.data_offloading_cycle,
        "systolic_drain_cycles": cme.systolic_drain_cycle,
        "mac_spatial_utilization": cme.mac_spatial_utilization,
        "mac_utilization": cme.mac_utilization2,
        "energy_total_pJ": cme.energy_total,
        "mac_energy_pJ": cme.mac_energy,
        "mem_energy_pJ": cme.mem_energy,
        "dram_word_bits": word_bits,
        "spatial_mapping": spatial_mapping_text(layer.spatial_mapping),
        "spatial_unrolling_energy": unrolling_text(cme.spatial_mapping),
        "spatial_unrolling_latency": unrolling_text(cme.spatial_mapping_int),
        "temporal_loops_inner_to_outer": loops,
        "temporal_mapping": tm_text,
        "mem_energy_per_operand_level_pJ": " | ".join(per_op_text),
        "word_accesses": " | ".join(word_text),
    }
    # the latency terms add up as in CostModelEvaluation.calc_overall_latency
    assert row["latency_total_cycles"] == (cme.ideal_temporal_cycle + cme.stall_slack_comb + cme.data_onloading_cycle
                                           + cme.data_offloading_cycle + cme.systolic_drain_cycle)
    for lv in LEVEL_COLUMNS:
        row[f"energy_{lv}_pJ"] = per_level.get(lv)
    for op_name in OPERANDS:
        row[f"energy_dram_{op_name}_pJ"] = dram_energy[op_name]
        rd_b, wr_b, rd_w, wr_w = dram[op_name]
        row[f"dram_{op_name}_read_bytes"] = rd_b
        row[f"dram_{op_name}_write_bytes"] = wr_b
        row[f"dram_{op_name}_read_words"] = rd_w
        row[f"dram_{op_name}_write_words"] = wr_w
    row["dram_bytes"] = sum(d[0] + d[1] for d in dram.values())
    return row


def check_sums(name, rows, cmes, energy, latency, cumulative):
    e = math.fsum(c.energy_total for c in cmes)
    lat = sum(c.latency_total2 for c in cmes)
    assert math.isclose(e, energy, rel_tol=1e-12), (name, e, energy)
    assert lat == latency == cumulative.latency_total2, (name, lat, latency)


def totals_row(name, rows, energy, latency):
    t = {"accelerator": name, "layers": len(rows)}
    for col in TOTAL_COLUMNS:
        if col in ("accelerator", "layers", "zigzag_energy_total_pJ", "zigzag_latency_total_cycles"):
            continue
        values = [r[col] for r in rows if r[col] is not None]
        t[col] = math.fsum(values) if values else None
    t["zigzag_energy_total_pJ"] = energy
    t["zigzag_latency_total_cycles"] = latency
    return t


def describe_accelerator(acc, yaml_path):
    """The accelerator as ZigZag parsed it (what the cost model uses)."""
    oa = acc.operational_array
    mem_ops = {"I1": "I (input activations)", "I2": "W (weights)", "O": "O (outputs / partial sums)"}
    levels = []
    for lv in acc.memory_hierarchy.mem_level_list:
        inst = lv.memory_instance
        levels.append({
            "name": lv.name,
            "size_bits": inst.size,
            "size_bytes": inst.size // 8 if inst.size % 8 == 0 else inst.size / 8,
            "r_cost_pJ_per_access": inst.r_cost,
            "w_cost_pJ_per_access": inst.w_cost,
            "area": inst.area,
            "latency": inst.latency,
            "operands": [str(o) for o in lv.operands],
            "operands_meaning": [mem_ops[str(o)] for o in lv.operands],
            "level_of_operand": {str(o): i for o, i in lv.mem_level_of_operands.items()},
            "served_dimensions": sorted(str(d) for d in lv.served_dimensions),
            "instances": lv.unroll_count,
            "ports": [{
                "name": p.name, "type": str(p.type.value if hasattr(p.type, "value") else p.type),
                "bandwidth_min_bits": p.bw_min, "bandwidth_max_bits": p.bw_max,
                "serves": [f"{o}@level{i}:{d.value}" for o, i, d in p.served_op_lv_dir],
            } for p in lv.ports],
        })
    return {
        "name": acc.name,
        "source": str(yaml_path.relative_to(PKG.parent)),
        "operational_array": {
            "dimensions": {str(d): s for d, s in oa.dimension_sizes.items()},
            "total_unit_count": oa.total_unit_count,
            "unit_energy_pJ_per_mac": oa.unit.energy_cost,
            "unit_area": oa.unit.area,
            "systolic_dimensions": sorted(str(d) for d in oa.systolic_dimensions),
        },
        "memory_levels_innermost_first": levels,
    }


def write_csv(path, columns, rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: ("" if r[c] is None else (r[c] if isinstance(r[c], str) else num(r[c]))) for c in columns})
    path.write_text(buf.getvalue(), encoding="utf-8")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", type=Path, default=HERE, help="where to write the outputs (default: next to this script)")
    ap.add_argument("--lpf-limit", type=int, default=API_SETTINGS["lpf_limit"],
                    help="LOMA lpf_limit (default 6, ZigZag's default; the committed fixture uses 6)")
    ap.add_argument("--allow-other-version", action="store_true", help="run with a zigzag-dse other than 3.9.1")
    args = ap.parse_args()

    version = metadata.version("zigzag-dse")
    if version != ZIGZAG_VERSION and not args.allow_other_version:
        sys.exit(f"error: zigzag-dse {version} is installed; this fixture is for {ZIGZAG_VERSION} "
                 f"(pip install zigzag-dse=={ZIGZAG_VERSION} \"numpy<2.4\" six)")
    import numpy
    print(f"zigzag-dse {version}, numpy {numpy.__version__}, onnx {onnx.__version__}, "
          f"Python {sys.version.split()[0]}, package at {PKG}", flush=True)

    attrs = onnx_node_attributes()
    all_rows, totals, described = [], [], []
    started = time.perf_counter()
    for name in ACCELERATORS:  # one after the other: ZigZag runs its layers one at a time
        rows, total, acc, seconds = run_accelerator(name, attrs, args.lpf_limit)
        all_rows += rows
        totals.append(total)
        described.append(describe_accelerator(acc, PKG / "inputs" / "hardware" / f"{name}.yaml"))
        print(f"{name}: {len(rows)} layers in {seconds:.1f} s; latency {num(total['latency_total_cycles'])} cycles, "
              f"energy {num(total['energy_total_pJ'])} pJ, DRAM {num(total['dram_bytes'])} bytes", flush=True)

    args.out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(args.out_dir / "zigzag_resnet18.csv", COLUMNS, all_rows)
    write_csv(args.out_dir / "zigzag_resnet18_totals.csv", TOTAL_COLUMNS, totals)
    (args.out_dir / "zigzag_accelerators.json").write_text(json.dumps(described, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {len(all_rows)} rows to {args.out_dir / 'zigzag_resnet18.csv'} "
          f"({time.perf_counter() - started:.1f} s in ZigZag and checks)")


if __name__ == "__main__":
    main()
