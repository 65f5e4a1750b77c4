#!/usr/bin/env python3
"""Generate a reference table of SCALE-Sim SRAM access counts (scalesim_accesses.csv).

Companion of generate_scalesim_cycles.py. The case list, the layer table and the SCALE-Sim
set-up all come from that script, which is imported here, not copied. For a subset of its 75
cases (ACCESS_CASE_IDS, numbered as in scalesim_cycles.csv) this script runs the cycles
script's own `scalesim_compute_cycles()`. It captures the SCALE-Sim compute object
(`systolic_compute_ws/os/is`) that the function builds, and counts the valid entries of its
three demand matrices. A valid entry is an address that is not -1, the null request SCALE-Sim
uses for padding, skew, preload and drain slots:

    ifmap_sram_reads   = valid entries of ifmap_demand_matrix
    filter_sram_reads  = valid entries of filter_demand_matrix
    ofmap_sram_writes  = valid entries of ofmap_demand_matrix

It also records row_fold / col_fold of the compute object and the demand-matrix row count
(compute_cycles). The script asserts that compute_cycles equals the value in
scalesim_cycles.csv.

Checks:
  1. For every case, SCALE-Sim's own counters (compute.ifmap_reads / filter_reads /
     ofmap_writes, which become the SRAM columns of DETAILED_ACCESS_REPORT.csv) agree with the
     valid-entry counts as described in README.md. They are equal, except for the `os` ofmap
     counter, which also adds (rows + cols) for each fold.
  2. A few cases (FULL_RUN_CASE_IDS) go through the complete SCALE-Sim flow, using the cycles
     script's `scalesim_full_run_total_cycles()`. The script reads DETAILED_ACCESS_REPORT.csv
     and COMPUTE_REPORT.csv of that run and compares them with the table.
     Skip this with --skip-full-run.
  3. `verify_closed_form()` recomputes every column of every CSV row with the closed forms
     documented in README.md.

The script is deterministic: the case list is fixed and nothing is random.

Usage (see README.md):
    pip install 'numpy<2.4' 'scalesim==3.0.0'
    python3 Tests/Fixtures/scalesim/generate_scalesim_accesses.py
"""

import argparse
import contextlib
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True   # do not leave __pycache__/ next to the fixtures
import generate_scalesim_cycles as cyc  # noqa: E402  (case list, layers, SCALE-Sim helpers)

OUT_CSV = HERE / "scalesim_accesses.csv"
CYCLES_CSV = cyc.OUT_CSV

COLUMNS = ["case", "layer", "K", "C", "P", "Q", "R", "S", "stride", "rows", "cols",
           "dataflow", "row_folds", "col_folds", "compute_cycles",
           "ifmap_sram_reads", "filter_sram_reads", "ofmap_sram_writes"]

# ---------------------------------------------------------------------------------------------
# Subset of the cycles fixture's cases (indices into cyc.CASES = `case` in scalesim_cycles.csv).
# 10 per dataflow. Together they take a few seconds. The slow cases (45, 70, 71) are left out.
# ---------------------------------------------------------------------------------------------
ACCESS_CASE_IDS = [
    # ---- ws ----
    0,   # conv1_7x7s2_c3       128x128  window 147 on 128 rows (2 row folds), K=64 < cols
    1,   # conv1_7x7s2_c3        32x32   window 147 on 32 rows (5 row folds, last one 19 rows)
    8,   # conv5x5s2_48_13        4x4    stride 2, window 600 on 4 rows (150 row folds x 12 col)
    11,  # fc_1000_2048         128x128  fc, K=1000 on 128 cols (last col fold 104 wide)
    12,  # fc_10_84               8x32   fc, window 84 on 8 rows, single col fold
    14,  # prime_k7_c13_7x7       4x4    window 117 on 4 rows, K=7 on 4 cols
    16,  # prime_k1000_c13_7x7   32x8    single row fold (13 of 32 rows), K=1000 = 125 x 8
    17,  # conv1x7_k37_c29_11    16x64   window 203 on 16 rows, K=37 on 64 cols
    18,  # tiny_k2_c1_2x2         8x8    single fold
    19,  # tiny_k3_c2_3x3_r2    128x128  single fold, layer much smaller than the array
    # ---- os ----
    25,  # conv1_7x7s2_c3       128x128  pixels 12544 on 128 rows (98 row folds), 1 col fold
    26,  # conv1_7x7s2_c3_56     32x32   pixels 3136 on 32 rows, K=64 = 2 x 32
    33,  # conv5x5s2_48_13       16x16   stride 2, pixels 169 on 16 rows, K=48 = 3 x 16
    36,  # fc_1000_2048           8x8    fc, single row fold (1 pixel), 125 col folds
    37,  # fc_10_84               8x32   fc, single fold
    41,  # prime_k1000_c13_7x7   32x8    pixels 49 on 32 rows, K=1000 on 8 cols
    42,  # prime_k31_c17_13x7    16x16   pixels 91 on 16 rows, K=31 on 16 cols
    43,  # tiny_k2_c1_2x2        32x32   single fold
    44,  # tiny_k3_c2_3x3_r2      4x4    9 pixels on 4 rows, K=3 on 4 cols
    48,  # conv1x7_k37_c29_11     8x8    pixels 121 on 8 rows, K=37 on 8 cols
    # ---- is ----
    50,  # conv1_7x7s2_c3_56    128x128  window 147 on 128 rows, pixels 3136 on 128 cols
    51,  # conv1_7x7s2_c3_56     32x32   window 147 on 32 rows (5 row folds), 98 col folds
    58,  # conv5x5s2_48_13        8x8    stride 2, window 600 on 8 rows, pixels 169 on 8 cols
    61,  # fc_1000_2048          32x32   fc, window 2048 = 64 x 32, single col fold (1 pixel)
    64,  # prime_k7_c13_7x7       4x4    window 117 on 4 rows, pixels 49 on 4 cols
    66,  # prime_k1000_c13_7x7   32x8    single row fold, pixels 49 on 8 cols
    67,  # prime_k31_c17_13x7     8x8    window 51 on 8 rows, pixels 91 on 8 cols
    68,  # tiny_k2_c1_2x2         4x4    single fold
    69,  # tiny_k3_c2_3x3_r2     16x64   single fold
    73,  # conv1x7_k37_c29_11    32x32   window 203 on 32 rows, pixels 121 on 32 cols
]

# Cases that also go through the complete SCALE-Sim flow: one per dataflow, plus a
# single-fold os case (37) for the os ofmap-counter offset.
FULL_RUN_CASE_IDS = [14, 42, 67, 37]


# ---------------------------------------------------------------------------------------------
# Capture the compute object that cyc.scalesim_compute_cycles() builds
# ---------------------------------------------------------------------------------------------
_COMPUTE_CLASS_NAMES = ("systolic_compute_ws", "systolic_compute_os", "systolic_compute_is")


@contextlib.contextmanager
def capture_compute_objects():
    """While active, cyc.scalesim_compute_cycles() builds subclasses of SCALE-Sim's compute
    classes. They behave identically but append themselves to the yielded list after
    create_demand_matrices()."""
    captured = []
    saved = {}
    for name in _COMPUTE_CLASS_NAMES:
        base = getattr(cyc, name)
        saved[name] = base

        def create_demand_matrices(self, _base=base):
            _base.create_demand_matrices(self)
            captured.append(self)

        setattr(cyc, name, type("Captured_" + name, (base,),
                                {"create_demand_matrices": create_demand_matrices}))
    try:
        yield captured
    finally:
        for name, base in saved.items():
            setattr(cyc, name, base)


def valid_entries(mat):
    """Number of demand-matrix entries that are real addresses (SCALE-Sim pads with -1)."""
    return int(np.count_nonzero(mat != -1))


def scalesim_access_counts(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    with capture_compute_objects() as captured:
        cycles, (Sr, Sc, T) = cyc.scalesim_compute_cycles(K, C, P, Q, R, S, stride,
                                                          rows, cols, dataflow)
    assert len(captured) == 1, len(captured)
    comp = captured[0]
    if dataflow == "ws":   # ws has a second row-fold count for the demand matrices
        assert comp.row_fold_demand_matrices == comp.row_fold
    res = {
        "row_folds": int(comp.row_fold),
        "col_folds": int(comp.col_fold),
        "compute_cycles": int(cycles),
        "ifmap_sram_reads": valid_entries(comp.ifmap_demand_matrix),
        "filter_sram_reads": valid_entries(comp.filter_demand_matrix),
        "ofmap_sram_writes": valid_entries(comp.ofmap_demand_matrix),
    }
    # SCALE-Sim's own counters (these are what DETAILED_ACCESS_REPORT.csv prints)
    counters = {
        "ifmap_sram_reads": int(comp.get_ifmap_requests()),
        "filter_sram_reads": int(comp.get_filter_requests()),
        "ofmap_sram_writes": int(comp.get_ofmap_requests()),
    }
    return res, counters


def expected_report_counters(row, rows, cols, dataflow):
    """What SCALE-Sim's counters / DETAILED_ACCESS_REPORT.csv give, from the valid-entry counts.
    In systolic_compute_os.create_ofmap_demand_mat() the counter also adds
    `this_fold_demand.shape[0] + this_fold_demand.shape[1]` (= rows + cols, after padding)
    once per fold, so for os the reported ofmap writes exceed the real ones."""
    exp = {k: row[k] for k in ("ifmap_sram_reads", "filter_sram_reads", "ofmap_sram_writes")}
    if dataflow == "os":
        exp["ofmap_sram_writes"] += row["row_folds"] * row["col_folds"] * (rows + cols)
    return exp


# ---------------------------------------------------------------------------------------------
# Complete SCALE-Sim run: reuse cyc.scalesim_full_run_total_cycles() and grab its reports
# ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def capture_full_run_reports():
    """While active, the `scalesim` class that cyc.scalesim_full_run_total_cycles() imports
    reads DETAILED_ACCESS_REPORT.csv and COMPUTE_REPORT.csv right after run_scale(), before the
    temporary directory is deleted."""
    import scalesim.scale_sim as ss_mod
    base = ss_mod.scalesim
    reports = []

    class CapturingScalesim(base):
        def run_scale(self, top_path="."):
            base.run_scale(self, top_path=top_path)
            out = {}
            for name in ("DETAILED_ACCESS_REPORT", "COMPUTE_REPORT"):
                with open(os.path.join(top_path, "fixture_run", name + ".csv")) as f:
                    rows_ = [[x.strip() for x in r] for r in csv.reader(f)]
                out[name] = dict(zip(rows_[0], rows_[1]))   # one layer
            reports.append(out)

    ss_mod.scalesim = CapturingScalesim
    try:
        yield reports
    finally:
        ss_mod.scalesim = base


def full_run_reports(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    with capture_full_run_reports() as reports:
        total, stalls = cyc.scalesim_full_run_total_cycles(K, C, P, Q, R, S, stride,
                                                           rows, cols, dataflow)
    assert len(reports) == 1
    det = reports[0]["DETAILED_ACCESS_REPORT"]

    def num(s):
        v = float(s)
        assert v == int(v), s
        return int(v)

    return {
        "total_cycles": total,
        "stall_cycles": stalls,
        "ifmap_sram_reads": num(det["SRAM IFMAP Reads"]),
        "filter_sram_reads": num(det["SRAM Filter Reads"]),
        "ofmap_sram_writes": num(det["SRAM OFMAP Writes"]),
    }


# ---------------------------------------------------------------------------------------------
# Closed form (documented in README.md)
# ---------------------------------------------------------------------------------------------
ceil_div = cyc.ceil_div


def closed_form_accesses(K, C, P, Q, R, S, stride, rows, cols, dataflow):
    window = R * S * C          # rows of the filter operand matrix
    pixels = P * Q              # ofmap pixels per filter
    if dataflow == "ws":        # filter stationary; ifmap streamed; ofmap leaves per row fold
        row_folds, col_folds = ceil_div(window, rows), ceil_div(K, cols)
        ifmap = col_folds * pixels * window
        filt = window * K
        ofmap = row_folds * pixels * K
    elif dataflow == "os":      # ofmap stationary; ifmap and filter both streamed
        row_folds, col_folds = ceil_div(pixels, rows), ceil_div(K, cols)
        ifmap = col_folds * pixels * window
        filt = row_folds * window * K
        ofmap = pixels * K
    elif dataflow == "is":      # ifmap stationary; filter streamed; ofmap leaves per row fold
        row_folds, col_folds = ceil_div(window, rows), ceil_div(pixels, cols)
        ifmap = window * pixels
        filt = col_folds * K * window
        ofmap = row_folds * pixels * K
    else:
        raise ValueError(dataflow)
    return {
        "row_folds": row_folds,
        "col_folds": col_folds,
        "compute_cycles": cyc.closed_form_cycles(K, C, P, Q, R, S, stride, rows, cols,
                                                 dataflow),
        "ifmap_sram_reads": ifmap,
        "filter_sram_reads": filt,
        "ofmap_sram_writes": ofmap,
    }


def verify_closed_form(csv_path=OUT_CSV):
    """Check every column of every CSV row against closed_form_accesses and every
    compute_cycles against scalesim_cycles.csv. Returns a list of mismatches."""
    with open(CYCLES_CSV) as f:
        cycles_table = {int(r["case"]): r for r in csv.DictReader(f)}
    mismatches = []
    with open(csv_path) as f:
        for row in csv.DictReader(f):
            args = [int(row[k]) for k in ("K", "C", "P", "Q", "R", "S", "stride", "rows", "cols")]
            exp = closed_form_accesses(*args, row["dataflow"])
            for k, v in exp.items():
                if int(row[k]) != v:
                    mismatches.append((row["case"], row["layer"], row["dataflow"], k,
                                       int(row[k]), v))
            ref = cycles_table[int(row["case"])]
            for k in ("layer", "K", "C", "P", "Q", "R", "S", "stride", "rows", "cols",
                      "dataflow", "compute_cycles"):
                if row[k] != ref[k]:
                    mismatches.append((row["case"], row["layer"], row["dataflow"],
                                       "cycles-fixture " + k, row[k], ref[k]))
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
        with open(CYCLES_CSV) as f:
            cycles_table = {int(r["case"]): int(r["compute_cycles"]) for r in csv.DictReader(f)}
        t_start = time.time()
        out_rows, by_case = [], {}
        for idx in ACCESS_CASE_IDS:
            layer, rows, cols, df = cyc.CASES[idx]
            K, C, P, Q, R, S, st = cyc.LAYERS[layer]
            t0 = time.time()
            res, counters = scalesim_access_counts(K, C, P, Q, R, S, st, rows, cols, df)
            dt = time.time() - t0
            assert res["compute_cycles"] == cycles_table[idx], \
                (idx, res["compute_cycles"], cycles_table[idx])
            exp_ctr = expected_report_counters(res, rows, cols, df)
            if counters != exp_ctr:
                sys.exit(f"case {idx}: SCALE-Sim counters {counters} != expected {exp_ctr}")
            print(f"[{idx:3d}] {layer:22s} {rows:3d}x{cols:<3d} {df}  folds="
                  f"{res['row_folds']}x{res['col_folds']:<4d} cycles={res['compute_cycles']:<8d} "
                  f"ifmap={res['ifmap_sram_reads']:<9d} filter={res['filter_sram_reads']:<9d} "
                  f"ofmap={res['ofmap_sram_writes']:<9d} ({dt:.2f}s)", flush=True)
            by_case[idx] = res
            out_rows.append([idx, layer, K, C, P, Q, R, S, st, rows, cols, df]
                            + [res[k] for k in COLUMNS[12:]])
        with open(OUT_CSV, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(COLUMNS)
            w.writerows(out_rows)
        print(f"wrote {len(out_rows)} cases to {OUT_CSV} in {time.time() - t_start:.1f}s")

        if not args.skip_full_run:
            t_full = time.time()
            for idx in FULL_RUN_CASE_IDS:
                layer, rows, cols, df = cyc.CASES[idx]
                K, C, P, Q, R, S, st = cyc.LAYERS[layer]
                rep = full_run_reports(K, C, P, Q, R, S, st, rows, cols, df)
                res = by_case[idx]
                exp = expected_report_counters(res, rows, cols, df)
                got = {k: rep[k] for k in exp}
                ok = (got == exp and rep["stall_cycles"] == 0
                      and rep["total_cycles"] + 1 == res["compute_cycles"])
                print(f"full run [{idx}] {layer} {rows}x{cols} {df}: DETAILED_ACCESS_REPORT "
                      f"ifmap={got['ifmap_sram_reads']} filter={got['filter_sram_reads']} "
                      f"ofmap={got['ofmap_sram_writes']} (table: {res['ifmap_sram_reads']}, "
                      f"{res['filter_sram_reads']}, {res['ofmap_sram_writes']}"
                      + (f" + {res['row_folds'] * res['col_folds']}*({rows}+{cols})"
                         if df == "os" else "")
                      + f"), Total Cycles+1={rep['total_cycles'] + 1}, "
                      f"stalls={rep['stall_cycles']} {'OK' if ok else 'MISMATCH'}")
                if not ok:
                    sys.exit("full SCALE-Sim run disagrees with the demand-matrix counts")
            print(f"full runs took {time.time() - t_full:.1f}s")

    bad = verify_closed_form()
    n = sum(1 for _ in open(OUT_CSV)) - 1
    if bad:
        for b in bad:
            print("closed-form MISMATCH:", b)
        sys.exit(f"closed form disagrees on {len(bad)} values in {n} rows")
    print(f"closed form matches all {n} rows (all columns)")


if __name__ == "__main__":
    main()
