"""One jump height in every view: the dashboard's jump view and set panel, `eccentric analyze`
and the report all quote sessions.jump_text.shown_height_m (impulse-momentum, else flight)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from eccentric.commands.analyze import _table
from forceplate.analysis import analyse
from forceplate.simulator.jumps import recording
from sessions.jump_text import best_height_m, rep_height_m
from sessions.report.jumps import jump_set_row
from tui.widgets.jump_card import big_numbers
from tui.widgets.set_summary import jump_summary_text


@pytest.fixture(scope="module")
def result():
    rec = recording(7000, kinds=("countermovement",), n_jumps=3)
    res = analyse(rec.info, rec.block)
    assert len(res.reps) == 3 and all(r.movement == "jump" for r in res.reps)
    # the best jump's impulse height unknown (a trimmed trial, no still stance to weigh):
    # its flight height, higher than the others', is the one every view must quote
    r0 = res.reps[0]
    top = max(r.jump.height_impulse_m for r in res.reps) + 0.05
    res.reps[0] = dataclasses.replace(r0, jump=dataclasses.replace(r0.jump, height_impulse_m=None, height_flight_m=top))
    return res


def test_every_view_quotes_the_same_best_height(result) -> None:
    best = best_height_m(result.reps)
    assert best == pytest.approx(result.reps[0].jump.height_flight_m)
    want = f"{100 * best:.1f}"
    analyze = re.search(r"best ([0-9.]+) cm", _table(result, "normal"))
    assert analyze is not None and analyze.group(1) == want
    panel = re.search(r"best ([0-9.]+) cm", str(jump_summary_text(result.reps)))
    assert panel is not None and panel.group(1) == want
    assert max(float(big_numbers(r)["height"]) for r in result.reps) == float(want)
    rows = [r.to_row() for r in result.reps]
    assert jump_set_row(1, rows)[2] == want
    assert [rep_height_m(r) for r in result.reps][0] == best
