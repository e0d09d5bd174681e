"""The HTML report in a real headless browser (Debian's chromium): every figure decodes and shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from browser_support import dump_dom, png_colours, screenshot
from test_report import NASTY, save

from sessions.library import Library
from sessions.report import make_report

# Appended to a copy of the page: after load, count the images that decoded (naturalWidth > 0)
# and write the result where --dump-dom shows it. The report itself has no script.
PROBE = """<script>
window.addEventListener("load", () => {
  const imgs = [...document.images];
  const ok = imgs.filter((i) => i.complete && i.naturalWidth > 0 && i.naturalHeight > 0);
  const shown = ok.filter((i) => i.getBoundingClientRect().width > 100);
  const p = document.createElement("pre");
  p.id = "probe";
  p.textContent = `images=${imgs.length} decoded=${ok.length} shown=${shown.length} widths=${ok.map((i) => i.naturalWidth).join(",")}`;
  document.body.appendChild(p);
});
</script>"""


def test_report_figures_render_in_chromium(tmp_path):
    root = tmp_path / "data"
    t0 = datetime(2026, 4, 6, 18, tzinfo=UTC)
    for k, ecc in enumerate((2.0, 3.5)):
        save(root, NASTY, t0 + timedelta(days=3 * k), ecc, 3, seed=10 + k)
    html = make_report(out=tmp_path / "report", library=Library(root), athlete=NASTY)
    n_figures = len(list((html.parent / "figures").glob("*.png")))
    assert n_figures == 3                                 # the trend and one set per session

    probe = html.with_name("probe.html")
    probe.write_text(html.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    dom = dump_dom(probe.as_uri(), tmp_path / "profile")
    m = re.search(r"images=(\d+) decoded=(\d+) shown=(\d+) widths=([\d,]*)", dom)
    assert m, dom[-2000:]
    assert int(m[1]) == int(m[2]) == int(m[3]) == n_figures
    assert all(int(w) >= 600 for w in m[4].split(","))
    # the escaped name shows as text; the page held no script of its own to run
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; [/] Zoë" in dom

    shot = screenshot(html.as_uri(), tmp_path / "profile2", tmp_path / "report.png")
    assert shot.exists() and png_colours(shot) > 200     # drawn figures, not a blank page
