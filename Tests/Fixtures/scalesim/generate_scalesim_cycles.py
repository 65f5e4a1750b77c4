#!/usr/bin/env python3
"""Generate a reference table of SCALE-Sim compute cycles (scalesim_cycles.csv).

For every case (layer, array rows x cols, dataflow) this script builds the layer's
operand matrices with SCALE-Sim's own `operand_matrix` class, feeds them to SCALE-Sim's
systolic compute class for the dataflow (`systolic_compute_ws/os/is`) and records the
number of rows of the resulting demand matrices. That row count is what SCALE-Sim's memory
system walks cycle by cycle; with no memory stalls the "Total Cycles" column of a full
SCALE-Sim run's COMPUTE_REPORT.csv equals (row count - 1).

Afterwards the script
  1. runs the complete SCALE-Sim flow (config file + topology file -> COMPUTE_REPORT.csv)
     on a few small cases and checks Total Cycles + 1 == compute_cycles
     (skip with --skip-full-run), and
  2. checks every row of the table against the closed-form formula `closed_form_cycles`
     documented in README.md.

It is deterministic: the case list is fixed and nothing is random.

Usage (see README.md):
    pip install 'numpy<2.4' 'scalesim==3.0.0'
    python3 Tests/Fixtures/scalesim/generate_scalesim_cycles.py
"""

import argparse
import contextlib
import csv
import io
import math
import os
import sys
import tempfile
import time
from pathlib import Path

from scalesim.scale_config import scale_config
from scalesim.topology_utils import topologies
from scalesim.compute.operand_matrix import operand_matrix
from scalesim.compute.systolic_compute_ws import systolic_compute_ws
from scalesim.compute.systolic_compute_os import systolic_compute_os
from scalesim.compute.systolic_compute_is import systolic_compute_is

HERE = Path(__file__).resolve().parent
OUT_CSV = HERE / "scalesim_cycles.csv"

COLUMNS = ["case", "layer", "K", "C", "P", "Q", "R", "S", "stride", "rows", "cols",
           "dataflow", "ifmap_h", "ifmap_w", "compute_cycles"]

# ---------------------------------------------------------------------------------------------
# Layers: name -> (K, C, P, Q, R, S, stride)
#   K = output channels (num filters), C = input channels, P x Q = output rows x cols,
#   R x S = filter rows x cols, stride in both directions.
# No depthwise layers (SCALE-Sim would treat them as ordinary convs).
# Layer names must not contain the substring "DP": SCALE-Sim's topology parser splits such
# layers into per-channel depthwise layers.
# ---------------------------------------------------------------------------------------------
LAYERS = {
    # first conv layers
    "conv1_7x7s2_c3":       (64, 3, 112, 112, 7, 7, 2),    # ResNet-50 conv1 (no padding given: H=229)
    "conv1_7x7s2_c3_56":    (64, 3, 56, 56, 7, 7, 2),      # same kernel, smaller image
    "conv1_11x11s4_c3":     (96, 3, 55, 55, 11, 11, 4),    # AlexNet conv1
    "conv1_3x3s2_c3":       (32, 3, 112, 112, 3, 3, 2),    # MobileNet conv1 (standard conv)
    # 3x3 convs
    "conv3x3_64_56":        (64, 64, 56, 56, 3, 3, 1),
    "conv3x3_128_28":       (128, 128, 28, 28, 3, 3, 1),
    "conv3x3_256_14":       (256, 256, 14, 14, 3, 3, 1),
    "conv3x3_512_7":        (512, 512, 7, 7, 3, 3, 1),
    # strided convs
    "conv3x3s2_128_28":     (128, 64, 28, 28, 3, 3, 2),
    "conv5x5s2_48_13":      (48, 24, 13, 13, 5, 5, 2),
    # pointwise 1x1 convs
    "pw1x1_256_64_56":      (256, 64, 56, 56, 1, 1, 1),
    "pw1x1_64_256_56":      (64, 256, 56, 56, 1, 1, 1),
    "pw1x1s2_512_256_28":   (512, 256, 28, 28, 1, 1, 2),   # strided downsample projection
    "pw1x1_1024_512_7":     (1024, 512, 7, 7, 1, 1, 1),
    # fully connected (P=Q=1, R=S=1)
    "fc_1000_2048":         (1000, 2048, 1, 1, 1, 1, 1),
    "fc_10_84":             (10, 84, 1, 1, 1, 1, 1),
    "fc_4096_1024":         (4096, 1024, 1, 1, 1, 1, 1),
    # awkward / prime sizes
    "prime_k7_c13_7x7":     (7, 13, 7, 7, 3, 3, 1),
    "prime_k13_c7_13x13":   (13, 7, 13, 13, 5, 5, 1),
    "prime_k1000_c13_7x7":  (1000, 13, 7, 7, 1, 1, 1),
    "prime_k31_c17_13x7":   (31, 17, 13, 7, 3, 1, 1),      # non-square ofmap and filter
    "conv1x7_k37_c29_11":   (37, 29, 11, 11, 1, 7, 1),     # Inception-style 1x7
    # tiny layers, smaller than any array
    "tiny_k2_c1_2x2":       (2, 1, 2, 2, 1, 1, 1),
    "tiny_k3_c2_3x3_r2":    (3, 2, 3, 3, 2, 2, 1),
}

# ---------------------------------------------------------------------------------------------
# Cases: (layer, rows, cols, dataflow). 25 per dataflow, fixed order.
# ---------------------------------------------------------------------------------------------
CASES = [
    # ---- weight stationary ----
    ("conv1_7x7s2_c3",      128, 128, "ws"),
    ("conv1_7x7s2_c3",      32, 32, "ws"),
    ("conv1_11x11s4_c3",    16, 16, "ws"),
    ("conv1_3x3s2_c3",      8, 32, "ws"),
    ("conv3x3_64_56",       32, 32, "ws"),
    ("conv3x3_256_14",      128, 128, "ws"),
    ("conv3x3_512_7",       128, 128, "ws"),
    ("conv3x3s2_128_28",    16, 16, "ws"),
    ("conv5x5s2_48_13",     4, 4, "ws"),
    ("pw1x1_256_64_56",     8, 8, "ws"),
    ("pw1x1s2_512_256_28",  32, 32, "ws"),
    ("fc_1000_2048",        128, 128, "ws"),
    ("fc_10_84",            8, 32, "ws"),
    ("fc_4096_1024",        128, 128, "ws"),
    ("prime_k7_c13_7x7",    4, 4, "ws"),
    ("prime_k13_c7_13x13",  16, 16, "ws"),
    ("prime_k1000_c13_7x7", 32, 8, "ws"),
    ("conv1x7_k37_c29_11",  16, 64, "ws"),
    ("tiny_k2_c1_2x2",      8, 8, "ws"),
    ("tiny_k3_c2_3x3_r2",   128, 128, "ws"),
    ("conv3x3_512_7",       32, 8, "ws"),
    ("fc_4096_1024",        32, 32, "ws"),
    ("conv3x3_128_28",      8, 32, "ws"),
    ("pw1x1_1024_512_7",    32, 8, "ws"),
    ("conv1_7x7s2_c3_56",   4, 4, "ws"),
    # ---- output stationary ----
    ("conv1_7x7s2_c3",      128, 128, "os"),
    ("conv1_7x7s2_c3_56",   32, 32, "os"),
    ("conv1_11x11s4_c3",    128, 128, "os"),
    ("conv1_3x3s2_c3",      128, 128, "os"),
    ("conv3x3_64_56",       128, 128, "os"),
    ("conv3x3_128_28",      32, 32, "os"),
    ("conv3x3_512_7",       32, 32, "os"),
    ("conv3x3s2_128_28",    32, 32, "os"),
    ("conv5x5s2_48_13",     16, 16, "os"),
    ("pw1x1_64_256_56",     32, 32, "os"),
    ("pw1x1_1024_512_7",    16, 64, "os"),
    ("fc_1000_2048",        8, 8, "os"),
    ("fc_10_84",            8, 32, "os"),
    ("fc_4096_1024",        128, 128, "os"),
    ("prime_k7_c13_7x7",    8, 8, "os"),
    ("prime_k13_c7_13x13",  4, 4, "os"),
    ("prime_k1000_c13_7x7", 32, 8, "os"),
    ("prime_k31_c17_13x7",  16, 16, "os"),
    ("tiny_k2_c1_2x2",      32, 32, "os"),
    ("tiny_k3_c2_3x3_r2",   4, 4, "os"),
    ("conv1_11x11s4_c3",    32, 8, "os"),
    ("conv3x3_64_56",       16, 64, "os"),
    ("conv3x3_256_14",      128, 128, "os"),
    ("conv1x7_k37_c29_11",  8, 8, "os"),
    ("pw1x1_256_64_56",     128, 128, "os"),
    # ---- input stationary ----
    ("conv1_7x7s2_c3_56",   128, 128, "is"),
    ("conv1_7x7s2_c3_56",   32, 32, "is"),
    ("conv1_11x11s4_c3",    128, 128, "is"),
    ("conv1_3x3s2_c3",      128, 128, "is"),
    ("conv3x3_64_56",       128, 128, "is"),
    ("conv3x3_128_28",      128, 128, "is"),
    ("conv3x3_256_14",      128, 128, "is"),
    ("conv3x3s2_128_28",    32, 32, "is"),
    ("conv5x5s2_48_13",     8, 8, "is"),
    ("pw1x1_256_64_56",     128, 128, "is"),
    ("pw1x1s2_512_256_28",  32, 32, "is"),
    ("fc_1000_2048",        32, 32, "is"),
    ("fc_10_84",            8, 32, "is"),
    ("fc_4096_1024",        128, 128, "is"),
    ("prime_k7_c13_7x7",    4, 4, "is"),
    ("prime_k13_c7_13x13",  16, 16, "is"),
    ("prime_k1000_c13_7x7", 32, 8, "is"),
    ("prime_k31_c17_13x7",  8, 8, "is"),
    ("tiny_k2_c1_2x2",      4, 4, "is"),
    ("tiny_k3_c2_3x3_r2",   16, 64, "is"),
    ("conv3x3_256_14",      32, 8, "is"),
    ("conv1_7x7s2_c3",      32, 32, "is"),
    ("pw1x1_1024_512_7",    16, 64, "is"),
    ("conv1x7_k37_c29_11",  32, 32, "is"),
    ("conv3x3_512_7",       32, 32, "is"),
]

# A few small cases that are also run through the complete SCALE-Sim flow
# (config + topology files, memory simulation, COMPUTE_REPORT.csv).
FULL_RUN_CASES = [
    ("conv5x5s2_48_13",    4, 4, "ws"),
    ("prime_k31_c17_13x7", 16, 16, "os"),
    ("prime_k13_c7_13x13", 16, 16, "is"),
    ("fc_10_84",           8, 32, "ws"),
    ("tiny_k3_c2_3x3_r2",  4, 4, "os"),
    ("prime_k31_c17_13x7", 8, 8, "is"),
]


def ifmap_extent(P, R, stride):
    """SCALE-Sim has no padding parameter: give it the effective (already padded) input."""
    return (P - 1) * stride + R


# ---------------------------------------------------------------------------------------------
# SCALE-Sim compute model only (operand matrices + systolic compute class)
# ---------------------------------------------------------------------------------------------
def scalesim_compute_cycles(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    H = ifmap_extent(P, R, stride)
    W = ifmap_extent(Q, S, stride)

    cfg = scale_config()
    cfg.set_arr_dims(rows=rows, cols=cols)
    cfg.set_dataflow(dataflow)
    cfg.force_valid()            # sparsity_support stays False (default)

    topo = topologies()
    # [name, ifmap_h, ifmap_w, filt_h, filt_w, channels, num_filters, stride_h, stride_w, N, M]
    # (N:M = 1:1 means dense)
    topo.load_layer_params_from_list("L0", ["L0", H, W, R, S, C, K, stride, stride, 1, 1])
    topo.topo_calc_hyperparams()
    assert topo.get_layer_ofmap_dims(0) == [P, Q], (topo.get_layer_ofmap_dims(0), P, Q)

    opmat = operand_matrix()
    opmat.set_params(config_obj=cfg, topoutil_obj=topo, layoututil_obj=None, layer_id=0)
    assert opmat.create_operand_matrices() == 0
    ifmap_m, filter_m, ofmap_m = opmat.get_all_operand_matrix()

    compute = {"ws": systolic_compute_ws, "os": systolic_compute_os,
               "is": systolic_compute_is}[dataflow]()
    compute.set_params(config_obj=cfg, ifmap_op_mat=ifmap_m,
                       filter_op_mat=filter_m, ofmap_op_mat=ofmap_m)
    # Only the demand matrices are needed (prefetch matrices are for the memory model).
    compute.create_demand_matrices()
    n_if = compute.ifmap_demand_matrix.shape[0]
    n_fi = compute.filter_demand_matrix.shape[0]
    n_of = compute.ofmap_demand_matrix.shape[0]
    assert n_if == n_fi == n_of, (n_if, n_fi, n_of)
    return n_of, (compute.Sr, compute.Sc, compute.T)


# ---------------------------------------------------------------------------------------------
# Complete SCALE-Sim run (used for cross-checking a few cases)
# ---------------------------------------------------------------------------------------------
CFG_TEMPLATE = """[general]
run_name = fixture_run

[architecture_presets]
ArrayHeight:    {rows}
ArrayWidth:     {cols}
IfmapSramSzkB:   1024
FilterSramSzkB:  1024
OfmapSramSzkB:   1024
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : 10
Dataflow : {df}
MemoryBanks:   1
ReadRequestBuffer: 512
WriteRequestBuffer: 512

[layout]
IfmapCustomLayout: False
IfmapSRAMBankBandwidth: 10
IfmapSRAMBankNum: 10
IfmapSRAMBankPort: 2
FilterCustomLayout: False
FilterSRAMBankBandwidth: 10
FilterSRAMBankNum: 10
FilterSRAMBankPort: 2

[sparsity]
SparsitySupport : false
SparseRep : ellpack_block
OptimizedMapping : false
BlockSize : 8
RandomNumberGeneratorSeed : 40

[run_presets]
InterfaceBandwidth: CALC
UseRamulatorTrace: False
"""


def scalesim_full_run_total_cycles(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    """Run the whole SCALE-Sim flow; return (Total Cycles, Stall Cycles) from COMPUTE_REPORT."""
    from scalesim.scale_sim import scalesim
    H = ifmap_extent(P, R, stride)
    W = ifmap_extent(Q, S, stride)
    with tempfile.TemporaryDirectory() as d:
        cfg_path = os.path.join(d, "fixture.cfg")
        topo_path = os.path.join(d, "fixture_topo.csv")
        layout_path = os.path.join(d, "fixture_layout.csv")
        with open(cfg_path, "w") as f:
            f.write(CFG_TEMPLATE.format(rows=rows, cols=cols, df=dataflow))
        with open(topo_path, "w") as f:
            f.write("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, "
                    "Channels, Num Filter, Strides,\n")
            f.write(f"L0, {H}, {W}, {R}, {S}, {C}, {K}, {stride},\n")
        with open(layout_path, "w") as f:
            f.write("Layer name,\n")   # custom layouts are disabled; file must exist
        with contextlib.redirect_stdout(io.StringIO()):
            sim = scalesim(save_disk_space=True, verbose=False, config=cfg_path,
                           topology=topo_path, layout=layout_path)
            sim.run_scale(top_path=os.path.join(d, "out"))
        with open(os.path.join(d, "out", "fixture_run", "COMPUTE_REPORT.csv")) as f:
            rows_ = [[x.strip() for x in r] for r in csv.reader(f)]
    header, vals = rows_[0], rows_[1]
    total = int(vals[header.index("Total Cycles")])
    stalls = int(vals[header.index("Stall Cycles")])
    return total, stalls


# ---------------------------------------------------------------------------------------------
# Closed form (documented in README.md)
# ---------------------------------------------------------------------------------------------
def ceil_div(a, b):
    return -(-a // b)


def closed_form_cycles(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    window = R * S * C          # conv window size (rows of the filter operand matrix)
    pixels = P * Q              # ofmap pixels per filter
    if dataflow == "ws":
        Sr, Sc, T = window, K, pixels
    elif dataflow == "os":
        Sr, Sc, T = pixels, K, window
    elif dataflow == "is":
        Sr, Sc, T = window, pixels, K
    else:
        raise ValueError(dataflow)
    folds = ceil_div(Sr, rows) * ceil_div(Sc, cols)
    if dataflow == "os":
        per_fold = rows + cols + T - 2
    else:                        # ws and is: rows cycles to preload the stationary operand
        per_fold = 2 * rows + cols + T - 2
    return folds * per_fold


def verify_closed_form(csv_path=OUT_CSV):
    """Check every CSV row against closed_form_cycles. Returns list of mismatches."""
    mismatches = []
    with open(csv_path) as f:
        for row in csv.DictReader(f):
            args = [int(row[k]) for k in ("K", "C", "P", "Q", "R", "S", "stride", "rows", "cols")]
            expected = closed_form_cycles(*args, row["dataflow"])
            got = int(row["compute_cycles"])
            assert int(row["ifmap_h"]) == ifmap_extent(int(row["P"]), int(row["R"]), int(row["stride"]))
            assert int(row["ifmap_w"]) == ifmap_extent(int(row["Q"]), int(row["S"]), int(row["stride"]))
            if expected != got:
                mismatches.append((row["case"], row["layer"], row["dataflow"], got, expected))
    return mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-full-run", action="store_true",
                    help="do not cross-check against complete SCALE-Sim runs")
    ap.add_argument("--verify-only", action="store_true",
                    help="only check the existing CSV against the closed form")
    args = ap.parse_args()

    if not args.verify_only:
        t_start = time.time()
        out_rows = []
        for idx, (layer, rows, cols, df) in enumerate(CASES):
            K, C, P, Q, R, S, st = LAYERS[layer]
            t0 = time.time()
            cycles, (Sr, Sc, T) = scalesim_compute_cycles(K, C, P, Q, R, S, st, rows, cols, df)
            dt = time.time() - t0
            print(f"[{idx:3d}] {layer:22s} {rows:3d}x{cols:<3d} {df}  Sr={Sr:<6d} Sc={Sc:<6d} "
                  f"T={T:<6d} cycles={cycles:<9d} ({dt:.2f}s)", flush=True)
            out_rows.append([idx, layer, K, C, P, Q, R, S, st, rows, cols, df,
                             ifmap_extent(P, R, st), ifmap_extent(Q, S, st), cycles])
        with open(OUT_CSV, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(out_rows)
        print(f"wrote {len(out_rows)} cases to {OUT_CSV} in {time.time() - t_start:.1f}s")

        if not args.skip_full_run:
            table = {(r[1], r[9], r[10], r[11]): r[14] for r in out_rows}
            for layer, rows, cols, df in FULL_RUN_CASES:
                K, C, P, Q, R, S, st = LAYERS[layer]
                total, stalls = scalesim_full_run_total_cycles(K, C, P, Q, R, S, st, rows, cols, df)
                cc = table[(layer, rows, cols, df)]
                ok = (stalls == 0 and total + 1 == cc)
                print(f"full run {layer} {rows}x{cols} {df}: Total Cycles={total} "
                      f"Stall Cycles={stalls} -> Total+1={total + 1} vs compute={cc} "
                      f"{'OK' if ok else 'MISMATCH'}")
                if not ok:
                    sys.exit("full SCALE-Sim run disagrees with the compute-only model")

    bad = verify_closed_form()
    n = sum(1 for _ in open(OUT_CSV)) - 1
    if bad:
        for b in bad:
            print("closed-form MISMATCH:", b)
        sys.exit(f"closed form disagrees on {len(bad)} of {n} rows")
    print(f"closed form matches all {n} rows")


if __name__ == "__main__":
    main()
