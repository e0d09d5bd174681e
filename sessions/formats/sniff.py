"""How a delimited text table is laid out, sniffed from a sample of its lines (never assumed):
the delimiter and the decimal mark (the pair under which the most sampled lines are rows of
numbers with one field count), and a recording written across refused (split from text.py by job)."""

from __future__ import annotations

import csv
import re
from collections import Counter

from forceplate.errors import BadInputError
from sessions.formats.table import ImportOptions
from sessions.formats.text_lines import Lines

SEPARATORS = (",", "\t", ";", " ", "|")
SEP_NAMES = {",": "comma", "\t": "tab", ";": "semicolon", " ": "space", "|": "pipe"}
_NUM = {".": re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$", re.I),
        ",": re.compile(r"^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:nan|inf|infinity)$", re.I)}
_QUOTED_DECIMAL_COMMA = re.compile(r'"[+-]?\d*,\d+"')
_LEAD0 = re.compile(r"^[+-]?0\d")   # '013': no software writes an integer so; a decimal's fraction
SAMPLE_LINES = 80
# a plate export has tens of columns (8 plates x 8 channels, with EMG a few hundred); thousands of
# numbers on a line is a recording written across, one sample per column (20,000 took 15 s to refuse)
MAX_COLUMNS = 1000


def split(line: str, sep: str) -> list[str]:
    if sep == " ":
        parts = line.split()
        if not all(_NUM["."].match(p) or _NUM[","].match(p) for p in parts) and re.search(r"\S(?: {2,}|\t)\S", line):
            return [c.strip() for c in re.split(r" {2,}|\t", line.strip())]   # names with spaces, aligned
        return parts
    try:
        return next(csv.reader([line], delimiter=sep, quotechar='"'))
    except (csv.Error, StopIteration):
        return line.split(sep)


def is_num(cell: str, dec: str) -> bool:
    return bool(_NUM[dec].match(cell.strip().strip('"').strip()))


def numeric_row(cells: list[str], dec: str) -> bool:
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(is_num(c, dec) for c in filled)


def _fraction_split(rows: list[list[str]], k: int) -> bool:
    """Comma-split rows that read as whole numbers then digits of one fixed width ('661,2',
    '659,8', '0,0'): one column of decimals with a decimal comma split at it, not two columns of
    integers (a force's integer part spans 0 to thousands; its fraction has a fixed width)."""
    if k != 2:
        return False
    pairs = [(r[0].strip(), r[1].strip()) for r in rows if len(r) == 2]
    if len(pairs) < 8 or not all(a.lstrip("+-").isdigit() and b.isdigit() for a, b in pairs):
        return False
    return len({len(b) for _, b in pairs}) == 1 and len({len(a.lstrip("+-")) for a, _ in pairs}) > 1


def sniff(lines: Lines, start: int, opts: ImportOptions) -> tuple[str, str, int, int]:
    """(delimiter, decimal mark, field count, lines of numbers found in the sample)."""
    sample = lines.sample(start, SAMPLE_LINES)
    best: tuple[tuple[int, int, int, int, int], str, str, int] | None = None
    split_at_comma: tuple[int, ...] = ()
    one_decimal_column: tuple[int, ...] = ()
    quoted_numbers = any(_QUOTED_DECIMAL_COMMA.search(lines[i]) for i in sample)
    for rank, sep in enumerate(SEPARATORS):
        if opts.delimiter and sep != opts.delimiter:
            continue
        for dec in (".", ","):
            if (opts.decimal and dec != opts.decimal) or (dec == sep and not quoted_numbers):
                continue
            rows = [split(lines[i], sep) for i in sample]
            if dec == sep:
                # a decimal comma inside quoted cells between commas ('"0,001","812,3"': a
                # spreadsheet's CSV in a decimal-comma locale); an unquoted row cannot be read so
                rows = [r if '"' in lines[i] else [] for i, r in zip(sample, rows, strict=True)]
            counts = Counter(len(r) for r in rows if numeric_row(r, dec))
            # the header candidate: the line just above the first row of numbers
            first_i = next((i for i, r in zip(sample, rows, strict=True) if numeric_row(r, dec)), None)
            first = next((lines[j] for j in range((first_i or start) - 1, start - 1, -1) if lines[j].strip()), "")
            if not counts:
                k, good = (len(split(first, sep)) if first else 0), 0
            else:
                k, _ = counts.most_common(1)[0]
                # a row with its empty last cells left off (a mostly empty marker column) still counts
                good = sum(1 for r in rows if (len(r) == k or sep != " " and 1 < len(r) < k) and numeric_row(r, dec))
            # (a line with an odd count of quote marks is the end of a note over lines: no header)
            header_ok = int(bool(first) and first.count('"') % 2 == 0 and not numeric_row(split(first, sep), dec)
                            and len(split(first, sep)) == k)
            # an integer written with a leading zero ('013') is the fraction of a decimal comma
            # split off by a comma delimiter: one column of Fz written '661,013' (a Brazilian
            # lab's export, no header) read as the columns 661 and 13, its force truncated
            whole = int(not any(_LEAD0.match(c.strip()) for r in rows if numeric_row(r, dec) for c in r))
            score = (good, header_ok, whole, min(k, 64), -2 * rank - (dec == ","))
            if sep == "," and dec == "." and good and not header_ok and _fraction_split(rows, k):
                split_at_comma = score[:3]
            elif dec == "," and k == 1:
                one_decimal_column = max(one_decimal_column, score[:3])
            if best is None or score > best[0]:
                best = (score, sep, dec, k)
    if best is None:
        raise BadInputError("no delimiter/decimal mark fits (see --delimiter, --decimal)")
    if split_at_comma and split_at_comma == one_decimal_column and best[1:3] == (",", "."):
        # '654,3' in every row, no header: one column with a decimal comma, or whole numbers and
        # a column of fixed-width digits - the file does not say (never guessed)
        row = lines[sample[0]].strip()[:20]
        raise BadInputError(f"its rows ('{row}') read as one column with a decimal comma or as two columns of "
                            f"whole numbers: choose with --decimal , (one column) or --decimal . (two)")
    return best[1], best[2], best[3], best[0][0]


def refuse_written_across(lines: Lines, start: int) -> None:
    """A recording written across (a sample per column: thousands of numbers on a line, a label
    in its first cell or none) is refused before the sniffer splits its lines ten ways. Empty
    cells (Excel's used range, trailing separators) count nothing, and a header naming every
    column (PASCO's 170 runs x 6 columns) says the columns are channels."""
    numbers, named = 0, 0
    for i in lines.sample(start, SAMPLE_LINES):
        line = lines[i]
        if len(line) < 2 * MAX_COLUMNS:      # a value and its separator: too short to matter
            continue
        for sep in SEPARATORS:
            if (line.count(sep) if sep != " " else len(line) // 2) <= MAX_COLUMNS:
                continue
            cells = [c for c in (line.split() if sep == " " else line.split(sep)) if c.strip()]
            n_num = sum(1 for c in cells if _NUM["."].match(c.strip().strip('"')) or _NUM[","].match(c.strip()))
            numbers = max(numbers, n_num)
            named = max(named, len(cells) - n_num)
    if numbers > MAX_COLUMNS and named <= MAX_COLUMNS:
        raise BadInputError(f"its rows hold {numbers} values each: a recording is a column per channel and a row "
                            f"per sample (written across? save it with one sample per row)")


__all__ = ["MAX_COLUMNS", "SAMPLE_LINES", "SEPARATORS", "SEP_NAMES", "is_num", "numeric_row", "refuse_written_across",
           "sniff", "split"]
