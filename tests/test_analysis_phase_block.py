"""Many phases measured at once (phase_block.py) give each phase's figures as measured alone
with plain numpy (np.gradient, trapezoids, argmax)."""

import numpy as np
import pytest

from forceplate.analysis.metrics import RFD_BOX_S, smooth_force, smooth_force_into
from forceplate.analysis.phase_block import phases_metrics


def _alone(t, f, fs, v, a_s, b_s, system_w, body_w):
    i = min(int(t.searchsorted(a_s)), t.size - 1)
    j = max(int(t.searchsorted(b_s)), i + 1)
    tt, ff, ss = t[i:j], f[i:j], fs[i:j]
    y = ff - system_w
    out = dict(mean_force_n=ff.mean(), peak_force_n=ff.max(), mean_load_n=ff.mean() - body_w,
               impulse_n_s=float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(tt))),
               peak_rfd_n_per_s=float(np.gradient(ss, tt).max()) if ss.size > 2 else 0.0)
    if v is not None:
        vv = v[i:j]
        p = ff * vv
        out.update(mean_velocity_m_s=vv.mean(), peak_velocity_m_s=vv[np.abs(vv).argmax()],
                   mean_power_w=p.mean(), peak_power_w=p[np.abs(p).argmax()])
    return out


@pytest.mark.parametrize("seed", range(6))
def test_block_equals_phase_by_phase(seed):
    rng = np.random.default_rng(seed)
    for _ in range(40):
        n = int(rng.integers(1, 300))
        t = 50.0 + np.cumsum(rng.uniform(0.5e-3, 1.5e-3, n))
        f = rng.normal(800.0, 200.0, n)
        fs = f + rng.normal(0.0, 5.0, n)
        v = np.round(rng.normal(0.0, 0.5, n), 1)       # ties of |v| between signs too
        phases = []
        for _ in range(int(rng.integers(1, 6))):
            a = float(rng.uniform(t[0] - 0.01, t[-1] + 0.01))
            phases.append((a, a + float(rng.uniform(0.0, 0.2)), bool(rng.integers(0, 2))))
        got = phases_metrics(t, f, fs, v, phases, 700.0, 650.0)
        assert len(got) == len(phases)
        for (a, b, ok), pm in zip(phases, got, strict=True):
            ref = _alone(t, f, fs, v if ok else None, a, b, 700.0, 650.0)
            assert (pm.start_s, pm.end_s, pm.duration_s) == (a, b, b - a)
            assert (pm.mean_velocity_m_s is None) == (not ok)
            for name, x in ref.items():
                assert getattr(pm, name) == pytest.approx(x, rel=1e-9, abs=1e-9), name
            assert pm.peak_force_n == ref["peak_force_n"]               # maxima: exact
            if ok:
                assert pm.peak_velocity_m_s == ref["peak_velocity_m_s"]


def _box_alone(f, n):
    """The 10-ms box as one running sum over the whole array (the formula measured before)."""
    if f.size <= n:
        return f.copy()
    cs = np.concatenate(([0.0], np.cumsum(f)))
    box = (cs[n:] - cs[:-n]) / n
    lo = n // 2
    return np.concatenate((np.full(lo, box[0]), box, np.full(f.size - lo - box.size, box[-1])))


@pytest.mark.parametrize("rate_hz", [100.0, 250.0, 1000.0, 1200.0, 2000.0])
def test_smooth_force_stretch_equals_whole(rate_hz):
    """A stretch [a, b) of the box written into a buffer (measure.py) is that stretch of the
    box over the whole chunk, to the bit - ends where the box repeats its first or last value
    included."""
    rng = np.random.default_rng(int(rate_hz))
    n = max(1, int(round(rate_hz * RFD_BOX_S)))
    for _ in range(300):
        size = int(rng.integers(1, 200))
        f = rng.normal(800.0, 50.0, size)
        whole = smooth_force(f, rate_hz)
        assert np.array_equal(whole, _box_alone(f, n))
        a = int(rng.integers(0, size))
        b = int(rng.integers(a + 1, size + 1))
        out = np.full(b - a, np.nan)
        smooth_force_into(f, rate_hz, a, b, out)
        assert np.array_equal(out, whole[a:b]), (size, a, b)
