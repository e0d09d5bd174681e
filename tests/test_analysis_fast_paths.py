"""The analysis' fast paths give the very numbers of the paths they shortcut (bit for bit): a
speed-up must never change a result."""

from __future__ import annotations

import numpy as np

from forceplate.analysis import AnalysisConfig, analyse
from forceplate.analysis.motion import FEW_RUNS, MIN_TRAVEL_M, _kept_few
from forceplate.analysis.sigproc import cumtrapz, frame_means, sign_runs
from forceplate.simulator import Scenario, simulate


def _numpy_kept(s: np.ndarray, starts: np.ndarray, ends: np.ndarray, signs: np.ndarray,
                rel: float) -> list[tuple[int, int, int]]:
    """motion._direction_runs' numpy selection of the phase-sized runs (its path for many runs)."""
    travel = np.abs(s[np.minimum(ends, s.size - 1)] - s[starts])
    keep = (travel >= max(MIN_TRAVEL_M, rel * float(travel.max()))) & (signs != 0)
    return list(zip(starts[keep].tolist(), ends[keep].tolist(), signs[keep].tolist(), strict=True))


def test_few_direction_runs_picked_as_numpy_picks_them() -> None:
    rng = np.random.default_rng(7)
    picked = 0
    for _ in range(3000):
        n = int(rng.integers(8, 300))
        t = np.arange(n) * 0.01
        v = np.sin(t * rng.uniform(0.5, 8.0)) * rng.uniform(0.01, 0.5) + rng.normal(0, 0.02, n)
        if rng.random() < 0.05:
            v[int(rng.integers(0, n))] = np.nan
        starts, ends, signs = sign_runs(v)
        if not 0 < starts.size <= FEW_RUNS:
            continue
        s = cumtrapz(v, t)
        for rel in (0.0, 0.25):
            want = _numpy_kept(s, starts, ends, signs, rel)
            assert _kept_few(s, starts.tolist(), ends.tolist(), signs.tolist(), rel) == want
            picked += len(want)
    assert picked > 1000
    # ties at the threshold and NaN travels, made on purpose (a velocity rarely gives them)
    values = np.array([0.0, 0.02, -0.02, 0.005, 0.08, 0.32, -0.32, np.nan])
    for _ in range(3000):
        k = int(rng.integers(1, FEW_RUNS + 1))
        ends = np.cumsum(rng.integers(1, 4, k))
        starts = np.concatenate([[0], ends[:-1]])
        sg = rng.integers(-1, 2, k).astype(np.int8)
        pos = rng.choice(values, ends[-1] + 1, p=[0.3, 0.15, 0.15, 0.1, 0.1, 0.1, 0.05, 0.05])
        for rel in (0.0, 0.25):
            want = _numpy_kept(pos, starts, ends, sg, rel)
            assert _kept_few(pos, starts.tolist(), ends.tolist(), sg.tolist(), rel) == want


def test_frame_times_of_a_long_block_are_each_chunks_own() -> None:
    """Offline (one long block) the chunks' frame times come from the block's; fed in short
    blocks each chunk makes its own: the reps and their figures are the same to the last bit."""
    rec = simulate(Scenario.for_method("normal", seed=11, n_sets=1, reps_per_set=4))
    blk = rec.block()
    cfg = AnalysisConfig.for_method("normal")
    whole = analyse(rec.info, blk, cfg)
    fed = analyse(rec.info, blk, cfg, block_size=97)
    assert whole.reps and [r.to_row() for r in whole.reps] == [r.to_row() for r in fed.reps]
    x = blk.time_s[:len(blk) // 10 * 10].reshape(-1, 10)
    whole_t = frame_means(x)
    for a in range(0, 300, 13):
        np.testing.assert_array_equal(whole_t[a:a + 17], frame_means(x[a:a + 17]))


def test_jump_stage_buffer_holds_what_concatenation_holds() -> None:
    """The jump stage's samples, appended into a buffer with room (_append), are at every
    feed the samples fed so far past its trim, as concatenating and slicing kept them; the
    views handed out before are never written (blocks of uneven size, room filled and regrown)."""
    from forceplate.analysis import jumps

    rng = np.random.default_rng(3)
    st = jumps.JumpStage(1000.0)
    t_all, f_all = np.arange(200_000) * 1e-3, rng.normal(800.0, 5.0, 200_000)
    at, grew, seen = 0, 0, []
    while at < t_all.size:
        k = int(rng.integers(1, 400))
        tb = st._tb
        # (copies: views that follow one another in one buffer are joined, never copied)
        st.feed(t_all[at:at + k].copy(), f_all[at:at + k].copy(), 0.0, None)
        at = min(at + k, t_all.size)
        grew += st._tb is not tb
        np.testing.assert_array_equal(st.t, t_all[st.s0:at])
        np.testing.assert_array_equal(st.f, f_all[st.s0:at])
        seen.append((st.s0, st.t, st.f))
    for s0, t, f in seen[::50]:      # views handed out earlier still hold their samples
        np.testing.assert_array_equal(t, t_all[s0:s0 + t.size])
        np.testing.assert_array_equal(f, f_all[s0:s0 + f.size])
    assert st.s0 > 100_000 and 2 < grew < 60


def test_jump_stage_joins_views_that_follow_one_another() -> None:
    """Fed views of one recording in order (offline: the analyser's buffer), the jump stage
    keeps one view of it (no copy) holding what concatenating held; a block from elsewhere is
    copied in as before."""
    from forceplate.analysis import jump_buffer, jumps

    rng = np.random.default_rng(4)
    st = jumps.JumpStage(1000.0)
    t_all, f_all = np.arange(50_000) * 1e-3, rng.normal(800.0, 5.0, 50_000)
    at = 0
    for k in (1, 7, 3000, 20_000, 10_000):
        st.feed(t_all[at:at + k], f_all[at:at + k], 0.0, None)
        at += k
        assert st.t.base is t_all and st.f.base is f_all
        np.testing.assert_array_equal(st.t, t_all[st.s0:at])
        np.testing.assert_array_equal(st.f, f_all[st.s0:at])
    st.feed(t_all[at + 5:at + 100], f_all[at + 5:at + 100], 0.0, None)   # a gap: not joined
    assert st.t.base is not t_all
    np.testing.assert_array_equal(st.t, np.concatenate([t_all[st.s0:at], t_all[at + 5:at + 100]]))
    assert jump_buffer._joined(t_all[:10], t_all[10:20].copy()) is None
    assert jump_buffer._joined(t_all[:10], t_all[11:20]) is None
    assert jump_buffer._joined(t_all[::2][:10], t_all[20:30]) is None


def test_jump_stage_scan_of_loaded_blocks_finds_the_runs_of_one_scan() -> None:
    """The jump stage's scan skips a block with no empty sample (_scan's fast path): fed in
    20-sample blocks (most of them loaded) it lists the very empty runs that one scan of the
    whole recording lists (flights, a dip too short to be one, one run ending on a block's edge)."""
    from forceplate.analysis import jumps
    from forceplate.analysis.flight_search import EMPTY_COARSE_N

    rng = np.random.default_rng(11)
    n = 60_000
    f = rng.normal(800.0, 5.0, n)
    for a, k in ((5_000, 300), (12_000, 420), (20_000, 30), (31_000, 380), (40_000, 1_500), (51_980, 360)):
        f[a:a + k] = rng.normal(0.0, 2.0, k)
    t = np.arange(n) * 1e-3

    def runs(step: int) -> tuple[dict[int, int | None], int]:
        st, got, skipped = jumps.JumpStage(1000.0), {}, 0
        st._trim = lambda: None          # type: ignore[method-assign]  # (every run kept listed)
        for i in range(0, n, step):
            skipped += not bool((f[i:i + step] < EMPTY_COARSE_N).any())
            st.feed(t[i:i + step], f[i:i + step], 0.0, None)
            got.update({e.a: e.b for e in st.empties})
        return got, skipped

    whole, _ = runs(n)
    blocks, skipped = runs(20)
    assert blocks == whole and len(whole) == 5 and skipped > 2_500


def test_few_window_sums_added_as_numpy_adds_them() -> None:
    """The quiet test's window sums of a live block's few frames (frames.window_sums, in
    Python floats) are bit for bit numpy's shifted-slice adds, NaN and inf included."""
    from forceplate.analysis.frames import FEW_WINDOWS, window_sums

    def numpy_sums(x: np.ndarray, k: int, m: int) -> np.ndarray:
        acc = x[0:m].copy()
        for j in range(1, k):
            acc += x[j:j + m]
        return acc

    rng = np.random.default_rng(5)
    for _ in range(2000):
        k, m = int(rng.integers(1, 30)), int(rng.integers(1, FEW_WINDOWS + 1))
        x = rng.lognormal(0.0, 3.0, m + k - 1 + int(rng.integers(0, 3)))
        if rng.random() < 0.1:
            x[int(rng.integers(0, x.size))] = rng.choice([np.nan, np.inf, -np.inf])
        got, want = window_sums(x, k, m), numpy_sums(x, k, m)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
