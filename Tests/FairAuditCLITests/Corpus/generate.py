#!/usr/bin/env python3
"""Writes the corpus cases of Tests/FairAuditCLITests/Corpus from Examples/bank/bank.csv.

Run from anywhere: `python3 Tests/FairAuditCLITests/Corpus/generate.py`. It rewrites only the
folders it generates (a hand-made case folder is left alone) and is deterministic, so a rerun
after an edit here shows up as a reviewable diff. See README.md in this folder for case.json.
"""
import csv
import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BANK_PATH = ROOT / "Examples" / "bank" / "bank.csv"

with open(BANK_PATH, newline="", encoding="utf-8") as f:
    _reader = csv.reader(f, delimiter=";")
    BANK_HEADER = next(_reader)
    BANK = [dict(zip(BANK_HEADER, r)) for r in _reader]

BASE = ["age", "marital", "education", "balance", "housing", "loan", "duration", "campaign", "y"]
WITH_JOB = ["age", "job", "marital", "education", "balance", "housing", "loan", "duration", "campaign", "y"]
STD = ["--no-sweep", "-o", "report.html", "--json", "summary.json"]
DATA = "{case}/data.csv"
BRANCHES = ["Lisboa", "Porto", "Braga", "Coimbra", "Faro", "Aveiro", "Evora", "Viseu"]

CASES = {}
N = 200  # rows of most cases: small files, fast fits, still about 25 positive outcomes


def table(n=N, cols=BASE, start=0):
    """Header and rows (lists of strings) of bank rows start..start+n, selected columns."""
    return list(cols), [[r[c] for c in cols] for r in BANK[start:start + n]]


def col(header, name):
    return header.index(name)


def add_column(header, rows, name, values, before="y"):
    """Inserts a column before `before` (default: the target, which stays last)."""
    i = header.index(before) if before in header else len(header)
    header = header[:i] + [name] + header[i:]
    rows = [r[:i] + [v] + r[i:] for r, v in zip(rows, values)]
    return header, rows


def field(s, delim, quote):
    needs = any(ch in s for ch in (delim, '"', "\n", "\r"))
    if quote == "all" or needs or (quote == "strings" and not is_number(s)):
        return '"' + s.replace('"', '""') + '"'
    return s


def is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def render(header, rows, delim=",", eol="\n", final=True, quote="minimal", header_quote=None):
    hq = header_quote or quote
    lines = [delim.join(field(h, delim, "all" if hq in ("all", "strings") else hq) for h in header)]
    lines += [delim.join(field(v, delim, quote) for v in r) for r in rows]
    return eol.join(lines) + (eol if final else "")


def outputs_of(args):
    names = []
    for flag in ("-o", "--output", "--json", "--markdown"):
        if flag in args:
            names.append(args[args.index(flag) + 1])
    if "-o" not in args and "--output" not in args:
        names.append("report.html")
    return names


def case(name, args, exit, note, files=None, stderr=(), warnings=(), outputs=None, **extra):
    assert name not in CASES, name
    if outputs is None:
        outputs = outputs_of(args) if exit in (0, 1) else []
    spec = {"args": args, "exit": exit}
    for key in ("stdin", "interrupt", "setup"):
        if key in extra:
            spec[key] = extra.pop(key)
    spec["stderr"] = list(stderr)
    spec["warnings"] = list(warnings)
    for key in ("stderrExcludes", "contains", "excludes"):
        if key in extra:
            spec[key] = extra.pop(key)
    spec["outputs"] = outputs
    spec["note"] = note
    assert not extra, extra
    CASES[name] = (spec, files or {})


def line_regex(prefix, parts):
    """A regex for a stderr line starting with `prefix` and containing every part, in any order
    (one lookahead each); a part starting with (?i) makes the whole pattern case-insensitive."""
    flag = "(?i)" if any(p.startswith("(?i)") for p in parts) else ""
    parts = [p[4:] if p.startswith("(?i)") else p for p in parts]
    return flag + "^" + prefix + "".join(f"(?=.*{p})" for p in parts)


def err(*parts):
    return line_regex("error: ", parts)


def warn(*parts):
    return line_regex("warning: ", parts)


def base_csv(n=N, cols=BASE, **kw):
    h, r = table(n, cols)
    return render(h, r, **kw)


def rng(seed):
    return random.Random(seed)


# --------------------------------------------------------------------------------------------
# csv-: structure of the file
# --------------------------------------------------------------------------------------------
SENS = ["--sensitive", "housing,loan"]

case("csv-crlf-line-ends", [DATA] + SENS + STD, 0, "A CSV saved by Excel on Windows: CRLF line ends throughout.",
     {"data.csv": base_csv(eol="\r\n")})
case("csv-cr-only-line-ends", [DATA] + SENS + STD, 0, "A CSV from classic Mac Excel: bare CR line ends.",
     {"data.csv": base_csv(eol="\r")})
case("csv-mixed-line-ends", [DATA] + SENS + STD, 0,
     "Two exports concatenated by hand: the first half CRLF, the second half LF.",
     {"data.csv": (lambda h, r: render(h, r[:150], eol="\r\n") + render(h, r[150:], eol="\n").split("\n", 1)[1])(*table())})
case("csv-no-final-newline", [DATA] + SENS + STD, 0, "A file written by a script that never ends the last line.",
     {"data.csv": base_csv(final=False)})
case("csv-blank-lines", [DATA] + SENS + STD, 0,
     "A hand-edited export with blank lines between blocks and several trailing blank lines.",
     {"data.csv": (lambda h, r: render(h, [], final=True) + "\n".join(
         ",".join(x) + ("\n" if i % 50 == 49 else "") for i, x in enumerate(r)) + "\n\n\n")(*table())})
case("csv-bank-style-quoted", [DATA] + SENS + STD, 0,
     "The UCI Bank Marketing layout: ';' delimited, every text field and header quoted.",
     {"data.csv": base_csv(delim=";", quote="strings")})
case("csv-all-fields-quoted", [DATA] + SENS + STD, 0, "A QUOTE_ALL export where even the numbers are quoted.",
     {"data.csv": base_csv(quote="all")})
case("csv-tab-separated", [DATA] + SENS + STD, 0, "A TSV file from a database client.",
     {"data.csv": base_csv(delim="\t")})
case("csv-pipe-separated", [DATA] + SENS + STD, 0, "A pipe-delimited mainframe extract.",
     {"data.csv": base_csv(delim="|")})


def embedded_delimiter():
    h, r = table(N, WITH_JOB)
    j = col(h, "job")
    for x in r:
        if x[j] == "admin.":
            x[j] = "admin., office"
        elif x[j] == "services":
            x[j] = "services, retail, misc"
    return render(h, r)


case("csv-quoted-embedded-delimiter", [DATA] + SENS + STD, 0,
     "Job titles with commas, quoted as RFC 4180 requires.", {"data.csv": embedded_delimiter()})

COMMENTS = ["no answer", "call back\nafter 6pm", "asked for \"info\" by mail", "line 1\r\nline 2", "ok"]


def with_comments(n=N):
    h, r = table(n)
    return render(*add_column(h, r, "comment", [COMMENTS[i % len(COMMENTS)] for i in range(n)]))


case("csv-quoted-embedded-newline", [DATA] + SENS + STD, 0,
     "A CRM export whose free-text comment column holds line breaks inside quotes.", {"data.csv": with_comments()})


def doubled_quotes():
    h, r = table()
    h, r = add_column(h, r, "channel", ['said "maybe later"', 'the "premium" offer', "plain"] * 100)
    return render(h, r)


case("csv-doubled-quotes", [DATA] + SENS + STD, 0, "Values with embedded quotes escaped by doubling them.",
     {"data.csv": doubled_quotes()})


def trailing_delimiter():
    h, r = table()
    return "\n".join(",".join(x) + "," for x in [h] + r) + "\n"


case("csv-trailing-delimiter", [DATA] + SENS + STD, 0,
     "A writer that ends every line, header included, with a delimiter (empty last column, empty name).",
     {"data.csv": trailing_delimiter()})


def ragged(short, at):
    h, r = table()
    r = [list(x) for x in r]
    if short:
        r[at] = r[at][:-1]
    else:
        r[at] = r[at] + ["extra"]
    return render(h, r)


case("csv-ragged-row-short", [DATA] + SENS + STD, 11, "A row that lost its last field in a hand edit.",
     {"data.csv": ragged(True, 55)}, stderr=[err(r"data\.csv", r"(line 57|row 56)\b")])
case("csv-ragged-row-long", [DATA] + SENS + STD, 11, "A row with an unquoted comma in a value, one field too many.",
     {"data.csv": ragged(False, 120)}, stderr=[err(r"data\.csv", r"(line 122|row 121)\b")])


def ragged_after_multiline():
    h, r = table()
    h, r = add_column(h, r, "comment", ["ok"] * N)
    r[3][col(h, "comment")] = "two\nlines"
    r[20] = r[20][:-1]
    return render(h, r)


case("csv-ragged-after-multiline", [DATA] + SENS + STD, 11,
     "A ragged row after a quoted multi-line value: the reported line must count physical lines.",
     {"data.csv": ragged_after_multiline()}, stderr=[err(r"data\.csv", r"(line 23|row 21)\b")])


def unterminated():
    h, r = table()
    r[150][col(h, "marital")] = '"married'
    return "\n".join(",".join(x) for x in [h] + r) + "\n"


case("csv-unterminated-quote", [DATA] + SENS + STD, 11, "A quote opened in row 151 and never closed (truncated export).",
     {"data.csv": unterminated()}, stderr=[err(r"data\.csv", r"(line 152|row 151)\b")])


def garbage_after_quote():
    h, r = table()
    r[10][col(h, "marital")] = '"married"x'
    return "\n".join(",".join(x) for x in [h] + r) + "\n"


case("csv-text-after-closing-quote", [DATA] + SENS + STD, 11, "A field like \"married\"x left by a broken quoting routine.",
     {"data.csv": garbage_after_quote()}, stderr=[err(r"data\.csv", r"(line 12|row 11)\b")])
case("csv-empty-file", [DATA] + SENS + STD, 11, "A zero-byte file left by a failed export.", {"data.csv": b""},
     stderr=[err(r"data\.csv")])
case("csv-only-blank-lines", [DATA] + SENS + STD, 11, "A file holding nothing but line ends.", {"data.csv": "\n\n\r\n\n"},
     stderr=[err(r"data\.csv")])
case("csv-header-only", [DATA] + SENS + STD, 16, "An export of a query that matched no rows: the header alone.",
     {"data.csv": ",".join(BASE) + "\n"}, stderr=[err(r"(?i)rows?\b")])
case("csv-space-separated", [DATA] + SENS + STD, 11,
     "A whitespace-aligned report saved as .csv: no delimiter can be detected.",
     {"data.csv": base_csv(delim=" ")}, stderr=[err(r"data\.csv", r"(?i)delimiter")])
case("csv-wrong-explicit-delimiter", [DATA, "--delimiter", ","] + SENS + STD, 11,
     "A ';' file read with --delimiter ',' copied from another pipeline.",
     {"data.csv": base_csv(delim=";")}, stderr=[err(r"data\.csv")])
case("csv-input-missing", ["{case}/absent.csv"] + SENS + STD, 10, "A path to an export that was never written.",
     stderr=[err(r"absent\.csv")])
case("csv-input-is-folder", ["{case}"] + SENS + STD, 10, "A folder passed where the CSV file was meant.",
     stderr=[err(r"\{case\}")])
case("csv-stdin-pipe", ["-"] + SENS + STD, 0, "`zcat export.csv.gz | fairaudit - ...`: the CSV arrives on standard input.",
     {"data.csv": base_csv()}, stdin="data.csv")
case("csv-stdin-empty", ["-"] + SENS + STD, 11, "A pipe whose producer failed and wrote nothing.",
     {"empty.csv": b""}, stdin="empty.csv", stderr=[err()])
case("csv-stdin-sigint", ["-"] + SENS + STD, 130, "Ctrl-C while fairaudit waits on a stalled pipe.", interrupt="INT")
case("csv-stdin-sigterm", ["-"] + SENS + STD, 143, "A CI job cancelled (SIGTERM) while fairaudit reads a stalled pipe.",
     interrupt="TERM")
case("csv-bank-full-file", ["{repo}/Examples/bank/bank.csv"] + SENS + STD, 0,
     "The bundled UCI Bank Marketing sample in full (4,521 rows), as downloaded.")

# --------------------------------------------------------------------------------------------
# header-: column names
# --------------------------------------------------------------------------------------------


def three_pdays():
    h, r = table(N, ["age", "marital", "balance", "housing", "loan", "pdays", "duration", "pdays", "campaign", "pdays", "y"])
    g = rng(31)
    for x in r:  # the copies hold other numbers, as after a careless join
        x[7], x[9] = str(g.randint(-1, 400)), str(g.randint(-1, 400))
    return render(h, r)


def dup_with_other(name, kind):
    """A second column called `name`, holding random yes/no or random integers."""
    h, r = table()
    g = rng(len(name))
    values = [g.choice(["yes", "no"]) if kind == "binary" else str(g.randint(1, 60)) for _ in r]
    return render(*add_column(h, r, name, values))


case("header-duplicate-unused", [DATA] + SENS + STD, 0,
     "A spreadsheet where a column was pasted twice under the same name; neither is referred to.",
     {"data.csv": dup_with_other("campaign", "number")}, warnings=[warn(r"campaign\.2")])
case("header-duplicate-three-times", [DATA] + SENS + STD, 0,
     "A join that produced three columns named pdays.", {"data.csv": three_pdays()}, warnings=[warn(r"pdays\.3")])
AMBIG = r"(?i)(ambiguous|more than once|twice|duplicate|several|[23] columns)"
case("header-duplicate-sensitive", [DATA, "--sensitive", "housing"] + STD, 12,
     "Two columns named housing (a merge artefact) and --sensitive housing: which one is meant?",
     {"data.csv": dup_with_other("housing", "binary")}, stderr=[err(r"\bhousing\b", AMBIG)])
case("header-duplicate-target", [DATA, "--target", "y"] + SENS + STD, 12,
     "Two columns named y after a careless concat, and --target y.",
     {"data.csv": dup_with_other("y", "binary")}, stderr=[err(r"\by\b", AMBIG)])
case("header-duplicate-exclude", [DATA, "--exclude", "balance"] + SENS + STD, 12,
     "Two columns named balance and --exclude balance.",
     {"data.csv": dup_with_other("balance", "number")}, stderr=[err(r"\bbalance\b", AMBIG)])
case("header-duplicate-threshold", [DATA, "--sensitive", "age<30"] + STD, 12,
     "Two columns named age and a threshold feature age<30 on that name.",
     {"data.csv": dup_with_other("age", "number")}, stderr=[err(r"\bage\b", AMBIG)])
case("header-duplicate-renamed-reference", [DATA, "--sensitive", "housing.2"] + STD, 0,
     "A user refers to the second of two housing columns by its made-unique name housing.2.",
     {"data.csv": dup_with_other("housing", "binary")}, warnings=[warn(r"housing\.2")])


def pandas_index(start, quoted_header=False, r_style=False):
    h, r = table()
    if r_style:
        head = ",".join('"' + x + '"' for x in [""] + h)
        body = ['"%d",' % (i + start) + ",".join(x if is_number(x) else '"' + x + '"' for x in row) for i, row in enumerate(r)]
    else:
        head = "," + ",".join(h)
        body = ["%d," % (i + start) + ",".join(row) for i, row in enumerate(r)]
    return "\n".join([head] + body) + "\n"


ID_LIKE = r"(?i)(\bid\b|id-like|identifier|index|unique)"
case("header-empty-name-pandas-index", [DATA] + SENS + STD, 0,
     "pandas DataFrame.to_csv() with the default index=True: an unnamed first column 0..n-1.",
     {"data.csv": pandas_index(0)}, warnings=[warn(r"column_\d+"), warn(r"column_\d+", ID_LIKE)])
case("header-empty-name-r-rownames", [DATA] + SENS + STD, 0,
     "R write.csv() with row.names=TRUE: a quoted empty first header and quoted row numbers 1..n.",
     {"data.csv": pandas_index(1, r_style=True)}, warnings=[warn(r"column_\d+"), warn(r"column_\d+", ID_LIKE)])


def empty_middle_name():
    h, r = table()
    h[col(h, "balance")] = ""
    return render(h, r)


case("header-empty-name-middle", [DATA] + SENS + STD, 0,
     "A spreadsheet whose balance header cell was deleted by accident; the data are intact.",
     {"data.csv": empty_middle_name()}, warnings=[warn(r"column_\d+")])


def pandas_unnamed():
    h, r = table()
    return "\n".join(["Unnamed: 0," + ",".join(h)] + ["%d," % i + ",".join(x) for i, x in enumerate(r)]) + "\n"


case("header-pandas-unnamed-0", [DATA] + SENS + STD, 0,
     "A pandas file read and re-saved, so the old index comes back as a column named 'Unnamed: 0'.",
     {"data.csv": pandas_unnamed()})


def renamed(old, new, values=None):
    h, r = table()
    i = col(h, old)
    h[i] = new
    if values:
        for x in r:
            x[i] = values(x[i])
    return render(h, r)


def literal_lt():
    h, r = table()
    i = col(h, "age")
    h[i] = "age<25"
    for x in r:
        x[i] = "yes" if int(x[i]) < 35 else "no"
    return render(h, r)


case("header-name-with-less-than", [DATA, "--sensitive", "age<25"] + STD, 0,
     "A column literally named age<25 (a flag computed upstream) and no age column: the exact name wins.",
     {"data.csv": literal_lt()})


def literal_gt():
    h, r = table()
    b = col(h, "balance")
    return render(*add_column(h, r, "income>50K", ["yes" if int(x[b]) > 1000 else "no" for x in r]))


case("header-name-with-greater-than", [DATA, "--sensitive", "income>50K"] + STD, 0,
     "An Adult-census-style flag column named income>50K (not a threshold: 50K is no number).", {"data.csv": literal_gt()})


def literal_eq():
    h, r = table(N, WITH_JOB)
    i = col(h, "job")
    h[i] = "job=student"
    for x in r:
        x[i] = "1" if x[i] in ("student", "unemployed", "retired") else "0"
    return render(h, r)


case("header-name-with-equals", [DATA, "--sensitive", "job=student"] + STD, 0,
     "A dummy column named job=student by a one-hot encoder, and no job column: the exact name wins.",
     {"data.csv": literal_eq()})
case("header-name-with-comma", [DATA, "--sensitive", "loan, any"] + STD, 0,
     "A quoted header 'loan, any' from a survey tool: --sensitive with that exact name is not split.",
     {"data.csv": renamed("loan", "loan, any")})
case("header-name-with-spaces", [DATA, "--sensitive", "Housing Loan", "--sensitive", "loan"] + STD, 0,
     "Human-readable headers with spaces, as typed into Excel.", {"data.csv": renamed("housing", "Housing Loan")})
LONG_NAME = ("How satisfied were you with the advice you received from your account manager during the last "
             "twelve months taking into account the clarity of the explanations and the time taken to answer "
             "your questions (from 1 to 5)")


def long_name_table():
    h, r = table()
    return render(*add_column(h, r, LONG_NAME, [str(1 + i % 5) for i in range(N)]))


case("header-long-name-unknown", [DATA, "--sensitive", LONG_NAME[:-1] + " [copy]"] + STD, 12,
     "A survey export with question-length headers; the name quoted in the error is cut with '...'.",
     {"data.csv": long_name_table()}, stderr=[err(r"(\.\.\.|…)")])


def control_name():
    h, r = table()
    return render(*add_column(h, r, "grp\x1b[31m", [["a", "b", "c"][i % 3] for i in range(N)]))


case("header-control-character-name", [DATA, "--sensitive", "grp\x1b[31m"] + STD, 13,
     "A header carrying an ANSI escape pasted from a terminal; it must appear escaped in the error.",
     {"data.csv": control_name()}, stderr=[err(r"grp")])

# --------------------------------------------------------------------------------------------
# numbers-: how numbers are written
# --------------------------------------------------------------------------------------------


def rate_column(fmt, n=N):
    h, r = table(n)
    b = col(h, "balance")
    return add_column(h, r, "balance_k", [fmt(int(x[b]) / 1000) for x in r])


def de(v, decimals=2):
    return f"{v:.{decimals}f}".replace(".", ",")


case("numbers-decimal-comma-auto", [DATA] + SENS + STD, 0,
     "A German/Portuguese Excel export: ';' delimiter and decimal commas (1,79), detectable unambiguously.",
     {"data.csv": render(*rate_column(de), delim=";")})
case("numbers-decimal-comma-option", [DATA, "--decimal", ","] + SENS + STD, 0,
     "Decimal commas with three decimals (1,787), ambiguous without --decimal ','.",
     {"data.csv": render(*rate_column(lambda v: de(v, 3)), delim=";")})


def eu_thousands(v):
    s = f"{abs(v):,.2f}"  # 1,787.00
    s = s.replace(",", "X").replace(".", ",").replace("X", ".")
    return ("-" if v < 0 else "") + s


def money_table(fmt):
    h, r = table()
    b = col(h, "balance")
    for x in r:
        x[b] = fmt(int(x[b]))
    return h, r


case("numbers-thousands-dot-decimal-comma", [DATA] + SENS + STD, 0,
     "Amounts formatted by a European locale: 1.787,00 with '.' grouping and ',' decimals, ';' delimited.",
     {"data.csv": render(*money_table(eu_thousands), delim=";")})
case("numbers-thousands-dot-decimal-comma-option", [DATA, "--decimal", ","] + SENS + STD, 0,
     "The same European amounts with --decimal ',' given explicitly.",
     {"data.csv": render(*money_table(eu_thousands), delim=";")})
case("numbers-thousands-comma-quoted", [DATA] + SENS + STD, 0,
     "US-formatted amounts \"1,787.00\" quoted inside a comma-delimited file (Excel 'Number' format).",
     {"data.csv": render(*money_table(lambda v: f"{v:,.2f}"))})
case("numbers-decimal-comma-in-comma-file", [DATA, "--decimal", ","] + SENS + STD, 0,
     "Decimal commas quoted inside a comma-delimited file (\"1,79\"), with --decimal ','.",
     {"data.csv": render(*rate_column(de))})


def markers(spec):
    """spec: {column: [(marker, count)]}; markers land on distinct rows."""
    h, r = table(N, ["age", "marital", "education", "balance", "housing", "loan", "duration", "campaign", "pdays", "previous", "y"])
    row = 5
    for name, items in spec.items():
        c = col(h, name)
        for marker, count in items:
            for _ in range(count):
                r[row][c] = marker
                row += 5
    return render(h, r)


case("numbers-marker-unknown", [DATA] + SENS + STD, 0,
     "A numeric balance column where a clerk typed 'unknown' in six rows.",
     {"data.csv": markers({"balance": [("unknown", 6)]})}, warnings=[warn(r"\bbalance\b", r"\b6\b")])
case("numbers-markers-every-kind", [DATA] + SENS + STD, 0,
     "A survey export with every common missing-value spelling, each in its own numeric column.",
     {"data.csv": markers({"age": [("N/A", 3)], "duration": [("n/a", 2)], "balance": [("-", 4)], "campaign": [(".", 5)],
                           "pdays": [("missing", 6), ("null", 2)], "previous": [("none", 7)]})},
     warnings=[warn(r"\bage\b", r"\b3\b"), warn(r"\bduration\b", r"\b2\b"), warn(r"\bbalance\b", r"\b4\b"),
               warn(r"\bcampaign\b", r"\b5\b"), warn(r"\bpdays\b", r"\b8\b"), warn(r"\bprevious\b", r"\b7\b")])


def campaign_plus():
    h, r = table()
    c = col(h, "campaign")
    for x in r:
        if int(x[c]) >= 6:
            x[c] = "6+"
    return render(h, r)


case("numbers-text-with-digits-not-marker", [DATA] + SENS + STD, 0,
     "A banded count column ('1'...'5', '6+'): '6+' contains digits, so it is a level, not a missing marker.",
     {"data.csv": campaign_plus()}, stderrExcludes=[r"(?i)^warning: (?=.*campaign)(?=.*(missing|marker))"])


def put(h, r, name, at, value):
    r[at][col(h, name)] = value
    return render(h, r)


case("numbers-nan-in-used-column", [DATA] + SENS + STD, 15, "An R export where a failed computation wrote NaN.",
     {"data.csv": put(*table(), "balance", 7, "NaN")}, stderr=[err(r"\bbalance\b", r"(line 9|row 8)\b")])
case("numbers-inf-in-used-column", [DATA] + SENS + STD, 15, "A numpy export with inf from a division by zero.",
     {"data.csv": put(*table(), "duration", 30, "inf")}, stderr=[err(r"\bduration\b", r"(line 32|row 31)\b")])
case("numbers-negative-inf-in-used-column", [DATA] + SENS + STD, 15, "A log-transformed column with -inf for log(0).",
     {"data.csv": put(*table(), "age", 99, "-inf")}, stderr=[err(r"\bage\b", r"(line 101|row 100)\b")])
case("numbers-nan-in-threshold-column", [DATA, "--sensitive", "age<30"] + STD, 15,
     "NaN in the column a threshold sensitive feature is computed from.",
     {"data.csv": put(*table(), "age", 12, "NaN")}, stderr=[err(r"\bage\b", r"(line 14|row 13)\b")])


def nan_excluded():
    h, r = table(N, BASE[:-1] + ["pdays", "y"])
    r[4][col(h, "pdays")] = "NaN"
    return render(h, r)


case("numbers-nan-in-excluded-column", [DATA, "--exclude", "pdays"] + SENS + STD, 0,
     "NaN in a column the user excludes: it is not used, so it is no error.", {"data.csv": nan_excluded()})


def constant_text_column(name, value, n=N):
    h, r = table(n)
    return add_column(h, r, name, [value] * n)


case("numbers-all-empty-column", [DATA] + SENS + STD, 0,
     "A bonus column that the source system never filled: every cell empty.",
     {"data.csv": render(*constant_text_column("bonus", ""))}, warnings=[warn(r"\bbonus\b")])
case("numbers-all-marker-column", [DATA] + SENS + STD, 0,
     "A score column holding N/A in every row (the scoring job failed).",
     {"data.csv": render(*constant_text_column("score", "N/A"))}, warnings=[warn(r"\bscore\b")])


def floats():
    h, r = table()
    for x in r:
        for c in ("age", "balance", "duration", "campaign"):
            x[col(h, c)] = f"{float(x[col(h, c)]):.1f}"
    return render(h, r)


case("numbers-pandas-float-format", [DATA] + SENS + STD, 0,
     "pandas writes integer columns that held NaN as floats: 30.0, 1787.0.", {"data.csv": floats()})


def scientific():
    h, r = table()
    for x in r:
        x[col(h, "balance")] = f"{float(x[col(h, 'balance')]):.3e}"
    return render(h, r)


case("numbers-scientific-notation", [DATA] + SENS + STD, 0, "A Fortran/numpy export in scientific notation (1.787e+03).",
     {"data.csv": scientific()})


def default_missing():
    h, r = table()
    for i, (name, marker) in enumerate([("age", "NA"), ("balance", "?"), ("duration", ""), ("education", "NA")] * 3):
        r[10 + 17 * i][col(h, name)] = marker
    return render(h, r)


case("numbers-default-missing-markers", [DATA] + SENS + STD, 0,
     "R-style NA, Weka-style ? and empty cells scattered over numeric and text columns.", {"data.csv": default_missing()})


def sentinel():
    h, r = table()
    for i in range(8):
        r[3 + 23 * i][col(h, "balance")] = "-999"
    return render(h, r)


case("numbers-custom-na-sentinel", [DATA, "--na=NA,-999"] + SENS + STD, 0,
     "A SAS-style sentinel -999 for missing balances, declared with --na.", {"data.csv": sentinel()})

# --------------------------------------------------------------------------------------------
# encoding-: bytes on disk
# --------------------------------------------------------------------------------------------
BOM = b"\xef\xbb\xbf"
ENC_WARN = warn(r"(?i)(1252|latin)")

case("encoding-utf8-bom", [DATA] + SENS + STD, 0, "Excel's 'CSV UTF-8' save: a UTF-8 byte-order mark before the header.",
     {"data.csv": BOM + base_csv().encode()})
case("encoding-utf8-bom-excel-semicolon", [DATA] + SENS + STD, 0,
     "Excel 'CSV UTF-8' in a European locale: BOM, ';', CRLF and decimal commas together.",
     {"data.csv": BOM + render(*rate_column(de), delim=";", eol="\r\n").encode()})
case("encoding-utf8-bom-explicit", [DATA, "--encoding", "utf-8"] + SENS + STD, 0,
     "A BOM file read with --encoding utf-8: the BOM is not part of the first column name.",
     {"data.csv": BOM + base_csv().encode()})


def regional(n=N, cols=BASE):
    h, r = table(n, cols)
    g = rng(7)
    return add_column(h, r, "região", [g.choice(["Lisboa", "Porto", "Açores", "Madeira"]) for _ in range(n)])


case("encoding-utf16le-bom-tab", [DATA, "--sensitive", "região=Açores"] + STD, 0,
     "Excel 'Unicode Text': UTF-16 LE with BOM, tab-delimited, with non-ASCII header and levels.",
     {"data.csv": "\ufeff".encode("utf-16-le") + render(*regional(), delim="\t", eol="\r\n").encode("utf-16-le")})
case("encoding-utf16le-bom-comma", [DATA, "--sensitive", "região=Açores"] + STD, 0,
     "A .NET StreamWriter(Encoding.Unicode) CSV: UTF-16 LE with BOM, comma-delimited.",
     {"data.csv": "\ufeff".encode("utf-16-le") + render(*regional()).encode("utf-16-le")})
case("encoding-utf16be-bom", [DATA, "--sensitive", "região=Açores"] + STD, 0, "A Java export in UTF-16 BE with BOM.",
     {"data.csv": "\ufeff".encode("utf-16-be") + render(*regional()).encode("utf-16-be")})


def utf8_nonascii():
    h, r = table()
    g = rng(11)
    h, r = add_column(h, r, "género", [g.choice(["feminino", "masculino"]) for _ in range(N)])
    h, r = add_column(h, r, "canal", [g.choice(["📱 móvel", "電話", "balcão"]) for _ in range(N)])
    return render(h, r)


case("encoding-utf8-non-ascii", [DATA, "--sensitive", "género"] + STD, 0,
     "A UTF-8 file without BOM with accented headers, CJK and emoji levels.", {"data.csv": utf8_nonascii()})


def latin1_branch():
    h, r = table()
    g = rng(3)
    h, r = add_column(h, r, "branch", [g.choice(["M\u00fcller", "M\u00f6ller"]) for _ in range(N)])
    return render(h, r).encode("cp1252")


case("encoding-latin1-auto", [DATA, "--sensitive", "branch"] + STD, 0,
     "A Windows-1252 export with branch names Müller and Möller: decoded with a warning, levels kept apart.",
     {"data.csv": latin1_branch()}, warnings=[ENC_WARN])
case("encoding-latin1-option", [DATA, "--encoding", "latin1", "--sensitive", "branch"] + STD, 0,
     "The same Latin-1 file with --encoding latin1 given.", {"data.csv": latin1_branch()})


def explicit_utf8_invalid():
    h, r = table()
    h, r = add_column(h, r, "branch", ["Mueller"] * N)
    r[4][col(h, "branch")] = "M\u00fcller"
    return render(h, r).encode("cp1252")


case("encoding-utf8-explicit-invalid-bytes", [DATA, "--encoding", "utf-8"] + SENS + STD, 11,
     "A Latin-1 file read with --encoding utf-8: the first invalid byte is on line 6.",
     {"data.csv": explicit_utf8_invalid()}, stderr=[err(r"data\.csv", r"(line 6|row 5)\b")])


def cp1252_quotes():
    h, r = table()
    g = rng(5)
    h, r = add_column(h, r, "offer", [g.choice(["\u201cGold\u201d \u20ac50", "\u201cSilver\u201d \u20ac20", "none"]) for _ in range(N)])
    return render(h, r).encode("cp1252")


case("encoding-cp1252-smart-quotes", [DATA] + SENS + STD, 0,
     "Word/Excel smart quotes and the euro sign in Windows-1252 bytes (0x93, 0x94, 0x80).",
     {"data.csv": cp1252_quotes()}, warnings=[ENC_WARN])


def mixed_encodings():
    h, r = table()
    g = rng(9)
    h, r = add_column(h, r, "city", [g.choice(["Évora", "Setúbal", "Porto"]) for _ in range(N)])
    text = render(h, r)
    head, tail = text[:len(text) // 2], text[len(text) // 2:]
    return head.encode("utf-8") + tail.encode("cp1252")


case("encoding-mixed-utf8-and-latin1", [DATA] + SENS + STD, 0,
     "Two exports concatenated with cat: the first half UTF-8, the second Windows-1252.",
     {"data.csv": mixed_encodings()}, warnings=[ENC_WARN])
case("encoding-unknown-name", [DATA, "--encoding", "klingon"] + SENS + STD, 64, "A typo in the encoding name.",
     {"data.csv": base_csv()}, stderr=[err(r"(?i)encoding|klingon")])

# --------------------------------------------------------------------------------------------
# roles-: target, sensitive features, cluster, features
# --------------------------------------------------------------------------------------------
CONFLICT = r"(?i)(target|sensitive|cluster|features|exclude|both|conflict|same)"
JOBCSV = base_csv(cols=WITH_JOB)

case("roles-unknown-sensitive", [DATA, "--sensitive", "housng"] + STD, 12, "A typo in the sensitive feature's name.",
     {"data.csv": base_csv()}, stderr=[err(r"\bhousng\b")])
case("roles-unknown-target", [DATA, "--target", "Y"] + SENS + STD, 12, "--target Y where the column is y.",
     {"data.csv": base_csv()}, stderr=[err(r"\bY\b")])
case("roles-unknown-cluster", [DATA, "--cluster", "branch"] + SENS + STD, 12, "--cluster naming a column of another export.",
     {"data.csv": base_csv()}, stderr=[err(r"\bbranch\b")])
case("roles-unknown-feature", [DATA, "--features", "age,balanse,duration"] + SENS + STD, 12, "A typo inside --features.",
     {"data.csv": base_csv()}, stderr=[err(r"\bbalanse\b")])
case("roles-unknown-exclude", [DATA, "--exclude", "pdays"] + SENS + STD, 12,
     "--exclude naming a column the export no longer has.", {"data.csv": base_csv()}, stderr=[err(r"\bpdays\b")])
case("roles-unknown-threshold-column", [DATA, "--sensitive", "agee<30"] + STD, 12, "A typo in a threshold feature.",
     {"data.csv": base_csv()}, stderr=[err(r"\bagee\b")])
case("roles-unknown-level-column", [DATA, "--sensitive", "jobs=student"] + STD, 12, "A typo in a one-level-vs-rest feature.",
     {"data.csv": JOBCSV}, stderr=[err(r"\bjobs\b")])
case("roles-sensitive-is-target", [DATA, "--sensitive", "y"] + STD, 17, "The target named as a sensitive feature.",
     {"data.csv": base_csv()}, stderr=[err(r"\by\b")])
case("roles-sensitive-level-of-target", [DATA, "--sensitive", "y=yes"] + STD, 17,
     "A one-level feature defined on the target column.", {"data.csv": base_csv()}, stderr=[err(r"\by\b")])
case("roles-cluster-is-target", [DATA, "--cluster", "y"] + SENS + STD, 17, "The target named as the cluster.",
     {"data.csv": base_csv()}, stderr=[err(r"\by\b")])
case("roles-cluster-is-sensitive", [DATA, "--sensitive", "housing", "--cluster", "housing"] + STD, 17,
     "The same column as sensitive feature and cluster.", {"data.csv": base_csv()}, stderr=[err(r"\bhousing\b")])
case("roles-cluster-is-sensitive-level-column", [DATA, "--sensitive", "job=student", "--cluster", "job"] + STD, 17,
     "A cluster on the column a one-level sensitive feature comes from.", {"data.csv": JOBCSV}, stderr=[err(r"\bjob\b")])
case("roles-features-and-exclude", [DATA, "--features", "age,balance,duration", "--exclude", "balance"] + SENS + STD, 17,
     "A column both listed in --features and in --exclude.", {"data.csv": base_csv()}, stderr=[err(r"\bbalance\b")])
case("roles-features-include-target", [DATA, "--features", "age,balance,y"] + SENS + STD, 17,
     "--features copied from a column list that included the target.", {"data.csv": base_csv()}, stderr=[err(r"\by\b")])
case("roles-target-not-binary", [DATA, "--target", "education"] + SENS + STD, 13, "A three-level column given as the target.",
     {"data.csv": base_csv()}, stderr=[err(r"\beducation\b")])


def target_values(fn, name="y", n=N):
    h, r = table(n)
    t = col(h, "y")
    h[t] = name
    for i, x in enumerate(r):
        x[t] = fn(i, x[t])
    return render(h, r)


case("roles-target-constant", [DATA] + SENS + STD, 13, "A campaign extract filtered to non-subscribers only: y is always 'no'.",
     {"data.csv": target_values(lambda i, v: "no")}, stderr=[err(r"\by\b")])
case("roles-target-stray-label", [DATA] + SENS + STD, 13, "A target with one stray 'maybe' among yes/no.",
     {"data.csv": target_values(lambda i, v: "maybe" if i == 77 else v)}, stderr=[err(r"\by\b")])
case("roles-sensitive-not-binary", [DATA, "--sensitive", "marital"] + STD, 13,
     "A three-level column (married/single/divorced) given as a binary sensitive feature.",
     {"data.csv": base_csv()}, stderr=[err(r"\bmarital\b")])
STATUS = {"data.csv": target_values(lambda i, v: "approved" if v == "yes" else "rejected", name="status")}
case("roles-positive-label-needed", [DATA] + SENS + STD, 13, "A loan book with status approved/rejected: which is positive?",
     STATUS, stderr=[err(r"\bstatus\b")])
case("roles-positive-label-given", [DATA, "--positive", "approved"] + SENS + STD, 0,
     "The same loan book with --positive approved.", STATUS)


def constant_sensitive():
    return render(*constant_text_column("country", "PT"))


case("roles-sensitive-constant", [DATA, "--sensitive", "country"] + STD, 16,
     "A sensitive feature with one value only (a single-country extract).", {"data.csv": constant_sensitive()},
     stderr=[err(r"\bcountry\b")])
case("roles-sensitive-level-absent", [DATA, "--sensitive", "job=astronaut"] + STD, 16,
     "A one-level feature naming a level that does not occur.", {"data.csv": JOBCSV}, stderr=[err(r"astronaut")])
case("roles-threshold-empty-side", [DATA, "--sensitive", "age<5"] + STD, 16, "A threshold below every age: the group is empty.",
     {"data.csv": base_csv()}, stderr=[err(r"\bage")])
case("roles-target-zero-one", [DATA] + SENS + STD, 0, "A target coded 0/1 by a data warehouse.",
     {"data.csv": target_values(lambda i, v: "1" if v == "yes" else "0", name="subscribed")})
case("roles-target-true-false", [DATA] + SENS + STD, 0, "A target written as true/false by a JSON-to-CSV converter.",
     {"data.csv": target_values(lambda i, v: "true" if v == "yes" else "false", name="converted")})


def target_first():
    h, r = table()
    return render(["y"] + h[:-1], [[x[-1]] + x[:-1] for x in r])


case("roles-target-first-column", [DATA, "--target", "y"] + SENS + STD, 0, "An export with the label as its first column.",
     {"data.csv": target_first()})
case("roles-target-with-missing", [DATA] + SENS + STD, 0, "Some outcomes not yet known (NA), to be dropped.",
     {"data.csv": target_values(lambda i, v: "NA" if i % 37 == 5 else v)})
case("roles-features-subset", [DATA, "--features", "age,balance,duration"] + SENS + STD, 0,
     "A model restricted to three covariates; the sensitive features stay in as the paper does.", {"data.csv": base_csv()})

# --------------------------------------------------------------------------------------------
# design-: the design matrix
# --------------------------------------------------------------------------------------------


def job_copy():
    h, r = table(N, WITH_JOB)
    j = col(h, "job")
    return render(*add_column(h, r, "job_copy", ["J-" + x[j].upper() for x in r]))


case("design-recoded-copy", [DATA] + SENS + STD, 0,
     "A lookup join that added job_copy, the job column with renamed levels.", {"data.csv": job_copy()},
     warnings=[warn(r"\bjob_copy\b", r"\bjob\b")])


def age_months():
    h, r = table()
    a = col(h, "age")
    return render(*add_column(h, r, "age_months", [str(12 * int(x[a])) for x in r]))


case("design-scaled-copy", [DATA] + SENS + STD, 0, "Age in years and in months side by side.", {"data.csv": age_months()},
     warnings=[warn(r"\bage_months\b", r"\bage\b")])


def sex_female():
    h, r = table()
    g = rng(21)
    sex = [g.choice("MF") for _ in range(N)]
    h, r = add_column(h, r, "sex", sex)
    return render(*add_column(h, r, "female", ["1" if s == "F" else "0" for s in sex]))


case("design-sensitive-derived-female", [DATA, "--sensitive", "female"] + STD, 0,
     "A 0/1 'female' flag derived from a 'sex' column that was left in; sex is dropped, not female.",
     {"data.csv": sex_female()}, warnings=[warn(r"\bsex\b", r"\bfemale\b")])
case("design-sensitive-source-sex", [DATA, "--sensitive", "sex"] + STD, 0,
     "The same file with sex as the sensitive feature: the derived female flag is the one dropped.",
     {"data.csv": sex_female()}, warnings=[warn(r"\bsex\b", r"\bfemale\b")])


def sum_columns():
    h, r = table(N, BASE[:-1] + ["previous", "y"])
    c, p = col(h, "campaign"), col(h, "previous")
    return render(*add_column(h, r, "total_contacts", [str(int(x[c]) + int(x[p])) for x in r]))


case("design-sum-of-columns", [DATA] + SENS + STD, 0, "A derived total_contacts = campaign + previous left next to its parts.",
     {"data.csv": sum_columns()}, warnings=[warn(r"\btotal_contacts\b", r"\bcampaign\b", r"\bprevious\b")])


def one_hot():
    h, r = table()
    m = col(h, "marital")
    h2 = [x for x in h if x != "marital"]
    rows = [[v for k, v in enumerate(x) if k != m] for x in r]
    for level in ("divorced", "married", "single"):
        h2, rows = add_column(h2, rows, level, ["1" if x[m] == level else "0" for x in r])
    return render(h2, rows)


case("design-one-hot-dummy-trap", [DATA] + SENS + STD, 0,
     "pandas get_dummies() without drop_first: three 0/1 columns summing to one.", {"data.csv": one_hot()},
     warnings=[warn(r"\bdivorced\b", r"\bmarried\b", r"\bsingle\b")])


def identical():
    h, r = table()
    b = col(h, "balance")
    return render(*add_column(h, r, "balance_eur", [x[b] for x in r]))


case("design-identical-columns", [DATA] + SENS + STD, 0, "The same amount exported twice under two names.",
     {"data.csv": identical()}, warnings=[warn(r"\bbalance_eur\b", r"\bbalance\b")])
case("design-constant-covariate", [DATA] + SENS + STD, 0, "A single-country extract that still carries country=PT.",
     {"data.csv": constant_sensitive()}, warnings=[warn(r"\bcountry\b")])


def constant_in_used_rows():
    h, r = table()
    channel = []
    for i, x in enumerate(r):
        if i % 29 == 3:
            x[col(h, "balance")] = "NA"
            channel.append("online")
        else:
            channel.append("branch")
    return render(*add_column(h, r, "channel", channel))


case("design-constant-in-used-rows", [DATA] + SENS + STD, 0,
     "A channel column that varies only on rows dropped for a missing balance.", {"data.csv": constant_in_used_rows()},
     warnings=[warn(r"\bchannel\b")])


def complements():
    h, r = table()
    g = rng(23)
    f = [g.choice("01") for _ in range(N)]
    h, r = add_column(h, r, "female", f)
    return render(*add_column(h, r, "male", ["1" if v == "0" else "0" for v in f]))


case("design-sensitive-complements", [DATA, "--sensitive", "female,male"] + STD, 20,
     "Two sensitive flags female and male that are exact complements: no sensitive column may be dropped.",
     {"data.csv": complements()}, stderr=[err(r"\bfemale\b", r"\bmale\b")])


def housing_copy():
    h, r = table()
    return render(*add_column(h, r, "housing_copy", [x[col(h, "housing")] for x in r]))


case("design-sensitive-duplicates", [DATA, "--sensitive", "housing,housing_copy"] + STD, 20,
     "Two sensitive features that are the same column under two names.", {"data.csv": housing_copy()},
     stderr=[err(r"\bhousing\b|\bhousing_copy\b")])


def customer_ids(n=N, cols=BASE):
    h, r = table(n, cols)
    return add_column(h, r, "customer_id", [f"C{100000 + 37 * i}" for i in range(n)], before=h[0])


case("design-text-id-column", [DATA] + SENS + STD, 0, "A CRM export with a customer_id text key unique per row.",
     {"data.csv": render(*customer_ids())}, warnings=[warn(r"\bcustomer_id\b")])

MONTHS = {m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def dated(fmt, name="contact_date"):
    h, r = table(N, BASE[:-1] + ["day", "month", "y"])
    d, m = col(h, "day"), col(h, "month")
    values = []
    for x in r:
        day, month = int(x[d]), MONTHS[x[m]]
        day = min(day, 28 if month == 2 else 30)
        values.append(fmt(2008, month, day))
    h, r = add_column(h, r, name, values)
    keep = [k for k, n in enumerate(h) if n not in ("day", "month")]
    return render([h[k] for k in keep], [[x[k] for k in keep] for x in r])


DATE_FORMATS = {
    "iso": (lambda y, m, d: f"{y}-{m:02d}-{d:02d}", "ISO dates 2008-05-31 from a database."),
    "timestamp": (lambda y, m, d: f"{y}-{m:02d}-{d:02d} 12:00:00", "SQL timestamps 2008-05-31 12:00:00."),
    "iso-utc": (lambda y, m, d: f"{y}-{m:02d}-{d:02d}T12:00:00Z", "ISO 8601 UTC timestamps from a JSON API."),
    "day-first": (lambda y, m, d: f"{d:02d}/{m:02d}/{y}", "European Excel dates 31/05/2008."),
    "month-first": (lambda y, m, d: f"{m:02d}/{d:02d}/{y}", "US Excel dates 05/31/2008."),
}
for key, (fmt, note) in DATE_FORMATS.items():
    case(f"design-date-{key}", [DATA] + SENS + STD, 0, note + " The date column is left out of the covariates.",
         {"data.csv": dated(fmt)}, warnings=[warn(r"\bcontact_date\b")])


def month_start():
    h, r = table(N, BASE[:-1] + ["month", "y"])
    m = col(h, "month")
    h[m] = "contact_month"
    for x in r:
        x[m] = f"2008-{MONTHS[x[m]]:02d}-01"
    return render(h, r)


case("design-date-in-features", [DATA, "--features", "age,balance,contact_month"] + SENS + STD, 0,
     "A month-start date column the user asks for explicitly with --features.", {"data.csv": month_start()})

# --------------------------------------------------------------------------------------------
# separation-: rare levels and perfect prediction
# --------------------------------------------------------------------------------------------


def job_levels(mark):
    """`mark(i, row) -> new job or None` on the job table."""
    h, r = table(N, WITH_JOB)
    j, y = col(h, "job"), col(h, "y")
    state = {}
    for i, x in enumerate(r):
        v = mark(i, x[y], state)
        if v:
            x[j] = v
    return render(h, r)


def first_k(level, k, outcome=None):
    def mark(i, y, state):
        if (outcome is None or y == outcome) and state.get("n", 0) < k and i >= 10:
            state["n"] = state.get("n", 0) + 1
            return level
    return mark


case("separation-level-one-row", [DATA] + SENS + STD, 0, "A job level that occurs once (a data-entry one-off).",
     {"data.csv": job_levels(first_k("astronaut", 1))}, warnings=[warn(r"\bjob\b", r"astronaut")])
case("separation-level-two-rows", [DATA] + SENS + STD, 0, "A job level with two rows.",
     {"data.csv": job_levels(first_k("pilot", 2))}, warnings=[warn(r"\bjob\b", r"pilot")])
case("separation-level-all-positive", [DATA] + SENS + STD, 0, "A small 'vip' job level whose eight rows all subscribed.",
     {"data.csv": job_levels(first_k("vip", 8, "yes"))}, warnings=[warn(r"\bjob\b", r"\bvip\b")])
case("separation-level-all-negative", [DATA] + SENS + STD, 0, "A 'blocked' job level whose fifteen rows never subscribed.",
     {"data.csv": job_levels(first_k("blocked", 15, "no"))}, warnings=[warn(r"\bjob\b", r"\bblocked\b")])


def target_copy():
    h, r = table()
    return render(*add_column(h, r, "outcome_flag", ["1" if x[-1] == "yes" else "0" for x in r]))


case("separation-target-copy", [DATA] + SENS + STD, 0, "A leaked copy of the label (outcome_flag) left among the features.",
     {"data.csv": target_copy()}, warnings=[warn(r"\boutcome_flag\b")])


def numeric_leak():
    h, r = table()
    a = col(h, "age")
    return render(*add_column(h, r, "score", [f"{(0.8 if x[-1] == 'yes' else 0.2) + int(x[a]) / 1000:.4f}" for x in r]))


case("separation-numeric-leak", [DATA] + SENS + STD, 0, "A post-outcome score that separates the classes perfectly.",
     {"data.csv": numeric_leak()}, warnings=[warn(r"\bscore\b")])


def sensitive_all_negative():
    h, r = table()
    vip, count = [], 0
    for x in r:
        if x[-1] == "no" and count < 20 and len(vip) % 3 == 0:
            vip.append("yes"); count += 1
        else:
            vip.append("no")
    return render(*add_column(h, r, "vip_customer", vip))


case("separation-sensitive-group-one-outcome", [DATA, "--sensitive", "vip_customer"] + STD, 0,
     "A sensitive group (vip_customer=yes) none of whose rows subscribed.", {"data.csv": sensitive_all_negative()},
     warnings=[warn(r"\bvip_customer\b")])


def with_branch(n=N, cols=BASE, seed=1, levels=BRANCHES):
    h, r = table(n, cols)
    g = rng(seed)
    return add_column(h, r, "branch", [g.choice(levels) for _ in range(n)])


def cluster_with_vip():
    h, r = with_branch(N, WITH_JOB)
    count = 0
    for x in r:
        if x[-1] == "yes" and count < 8:
            x[col(h, "job")] = "vip"; count += 1
    return render(h, r)


case("separation-with-cluster", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "An all-positive job level in a clustered audit: all six models must still fit.", {"data.csv": cluster_with_vip()},
     warnings=[warn(r"\bvip\b")])

# --------------------------------------------------------------------------------------------
# levels-: many or odd levels
# --------------------------------------------------------------------------------------------


def many_levels(name, k, n=400, fmt=None):
    h, r = table(n)
    fmt = fmt or (lambda i: f"{name.upper()[:3]}-{i:03d}")
    return render(*add_column(h, r, name, [fmt(i % k) for i in range(n)]))


case("levels-200-level-text", [DATA] + SENS + STD, 0, "A 200-level customer_segment code that is not unique per row.",
     {"data.csv": many_levels("customer_segment", 200)}, warnings=[warn(r"\bcustomer_segment\b")])
case("levels-postal-codes", [DATA] + SENS + STD, 0, "Portuguese postal codes (4000-123) as a 150-level text column.",
     {"data.csv": many_levels("postal_code", 150, fmt=lambda i: f"{1000 + 37 * i % 8000}-{(i * 53) % 1000:03d}")},
     warnings=[warn(r"\bpostal_code\b")])
case("levels-max-levels-option", [DATA, "--max-levels", "5"] + SENS + STD, 0,
     "--max-levels 5 leaves out the twelve-level job column.", {"data.csv": JOBCSV}, warnings=[warn(r"\bjob\b")])
case("levels-exactly-at-limit", [DATA] + SENS + STD, 0, "A region code with exactly 50 levels: kept (the limit is 'more than').",
     {"data.csv": many_levels("region", 50)},
     stderrExcludes=[r"^warning: (?=.*\bregion\b)(?=.*(max-levels|too many|more than \d+|left out))"])
case("levels-just-over-limit", [DATA] + SENS + STD, 0, "A region code with 51 levels: left out with a warning.",
     {"data.csv": many_levels("region", 51)}, warnings=[warn(r"\bregion\b")])
case("levels-max-levels-zero", [DATA, "--max-levels", "0"] + SENS + STD, 64, "--max-levels 0 is meaningless.",
     {"data.csv": base_csv()}, stderr=[err(r"max-levels")])
case("levels-max-levels-text", [DATA, "--max-levels", "many"] + SENS + STD, 64, "--max-levels with a word.",
     {"data.csv": base_csv()}, stderr=[err(r"max-levels")])
case("levels-control-character-level", [DATA] + SENS + STD, 13,
     "A target level carrying a BEL character from a broken terminal paste; listed escaped in the error.",
     {"data.csv": target_values(lambda i, v: "no\x07" if i == 40 else v)}, stderr=[err(r"\by\b")])
case("levels-long-level-in-error", [DATA] + SENS + STD, 13,
     "A 200-character stray value in the target; the error quotes it cut with '...'.",
     {"data.csv": target_values(lambda i, v: ("unclear - customer asked to be called back " * 5) if i == 50 else v)},
     stderr=[err(r"\by\b", r"(\.\.\.|…)")])


def case_variants():
    h, r = table()
    l = col(h, "loan")
    for i, x in enumerate(r):
        if x[l] == "yes" and i % 2 == 0:
            x[l] = "Yes"
    return render(h, r)


case("levels-case-variants", [DATA, "--sensitive", "loan"] + STD, 13,
     "A loan column with both 'yes' and 'Yes' (two data-entry conventions): three levels, not merged.",
     {"data.csv": case_variants()}, stderr=[err(r"\bloan\b")])

# --------------------------------------------------------------------------------------------
# cluster-: grouping column for the mixed models
# --------------------------------------------------------------------------------------------
case("cluster-job", [DATA, "--sensitive", "housing", "--cluster", "job", "--markdown", "report.md"] + STD, 0,
     "The README's clustered audit on a 200-row slice: all six models.", {"data.csv": JOBCSV})
case("cluster-one-row-per-cluster", [DATA, "--sensitive", "housing", "--cluster", "customer_id"] + STD, 0,
     "A cluster on a key unique per row: mixed models cannot be estimated and are explained.",
     {"data.csv": render(*customer_ids())}, warnings=[warn(r"\bcustomer_id\b")])
case("cluster-single-level", [DATA, "--sensitive", "housing", "--cluster", "country"] + STD, 0,
     "A cluster column with one level (single-country extract).", {"data.csv": constant_sensitive()},
     warnings=[warn(r"\bcountry\b")])
case("cluster-auto", [DATA, "--sensitive", "housing", "--cluster", "auto"] + STD, 0, "--cluster auto on a branch export.",
     {"data.csv": render(*with_branch())})


def numeric_branch():
    h, r = with_branch()
    b = col(h, "branch")
    for x in r:
        x[b] = str(BRANCHES.index(x[b]) + 101)
    return render(h, r)


case("cluster-numeric-codes", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "Branches coded as numbers 101..108.", {"data.csv": numeric_branch()})


def branch_missing():
    h, r = with_branch()
    for i in range(0, N, 23):
        r[i][col(h, "branch")] = ""
    return render(h, r)


case("cluster-with-missing", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "A branch column with a few empty cells (rows dropped).", {"data.csv": branch_missing()})
case("cluster-two-levels", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "Only two branches (Lisboa and Porto).", {"data.csv": render(*with_branch(levels=BRANCHES[:2]))})


def singleton_clusters():
    h, r = with_branch()
    for k, i in enumerate([5, 60, 170]):
        r[i][col(h, "branch")] = f"Kiosk{k + 1}"
    return render(h, r)


case("cluster-singleton-levels", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "Three kiosks with one row each beside eight regular branches.", {"data.csv": singleton_clusters()})

# --------------------------------------------------------------------------------------------
# output-: where results go
# --------------------------------------------------------------------------------------------
B = {"data.csv": base_csv()}
SAME = r"(?i)(data\.csv|input|same)"
case("output-html-is-input", [DATA] + SENS + ["--no-sweep", "-o", "{case}/data.csv"], 64,
     "-o pointing at the input file (tab completion gone wrong).", B, stderr=[err(SAME)])
case("output-json-is-input", [DATA] + SENS + ["--no-sweep", "-o", "report.html", "--json", "{case}/data.csv"], 64,
     "--json pointing at the input file.", B, stderr=[err(SAME)])
case("output-markdown-is-input-dot-path", [DATA] + SENS + ["--no-sweep", "-o", "report.html", "--markdown", "{case}/./data.csv"],
     64, "--markdown naming the input through a ./ path.", B, stderr=[err(SAME)])
case("output-two-outputs-same-path", [DATA] + SENS + ["--no-sweep", "-o", "r.html", "--json", "r.html"], 64,
     "-o and --json naming the same file.", B, stderr=[err(r"r\.html")])
case("output-same-path-different-spelling", [DATA] + SENS + ["--no-sweep", "-o", "r.html", "--markdown", "./r.html"], 64,
     "-o r.html and --markdown ./r.html: the same file spelled twice.", B, stderr=[err(r"r\.html")])
case("output-existing-folder", [DATA] + SENS + ["--no-sweep", "-o", "reports"], 64,
     "-o naming an existing folder instead of a file.", B, stderr=[err(r"reports")], setup={"folders": ["reports"]})
case("output-parent-is-file", [DATA] + SENS + ["--no-sweep", "-o", "blocker/report.html"], 31,
     "-o under a path whose parent is a regular file.", B, stderr=[err(r"blocker")], setup={"files": {"blocker": "x\n"}})
case("output-json-unwritable-no-partial",
     [DATA] + SENS + ["--no-sweep", "-o", "report.html", "--markdown", "report.md", "--json", "blocker/summary.json"], 31,
     "The JSON output cannot be written: no HTML or Markdown may be left behind either.", B,
     stderr=[err(r"blocker")], setup={"files": {"blocker": "x\n"}})
case("output-nested-new-folder", [DATA] + SENS + ["--no-sweep", "-o", "out/2024/report.html", "--json", "out/2024/summary.json"],
     0, "Outputs into a dated folder that does not exist yet.", B)
case("output-all-three", [DATA] + SENS + ["--markdown", "report.md"] + STD, 0, "HTML, JSON and Markdown together.", B)
case("output-overwrite-existing", [DATA] + SENS + STD, 0, "A rerun over last week's report.html.", B,
     setup={"files": {"report.html": "old report\n"}})
case("output-failure-keeps-existing", [DATA] + SENS + STD, 11,
     "A failing rerun must leave last week's report.html untouched.", {"data.csv": ragged(True, 10)},
     stderr=[err(r"data\.csv")], setup={"files": {"report.html": "old report\n", "summary.json": "{}\n"}})
case("output-default-name", [DATA] + SENS + ["--no-sweep"], 0, "No -o: report.html in the working folder.", B)
case("output-unicode-name", [DATA] + SENS + ["--no-sweep", "-o", "relatório-été.html"], 0,
     "A report name with accents.", B)
case("output-breach-still-written", [DATA, "--min-accuracy", "0.999"] + SENS + STD, 1,
     "An impossible accuracy gate: exit 1 and both outputs written.", B)

# --------------------------------------------------------------------------------------------
# options-: the command line
# --------------------------------------------------------------------------------------------
USAGE = {"data.csv": base_csv(N)}
case("options-unknown-option", [DATA, "--sensitiv", "housing"] + STD, 64, "A misspelt option.", USAGE,
     stderr=[err(r"--sensitiv\b")])
case("options-missing-option-value", [DATA] + STD + ["--sensitive"], 64, "An option at the end without its value.", USAGE,
     stderr=[err(r"--sensitive")])
case("options-no-input", ["--sensitive", "housing"] + STD, 64, "The input path forgotten.", stderr=[err(r"(?i)input")])
case("options-test-fraction-range", [DATA, "--test-fraction", "1.5"] + SENS + STD, 64, "--test-fraction 1.5.", USAGE,
     stderr=[err(r"test-fraction")])
case("options-test-fraction-text", [DATA, "--test-fraction", "thirty"] + SENS + STD, 64, "--test-fraction with a word.", USAGE,
     stderr=[err(r"test-fraction")])
case("options-seed-negative", [DATA, "--seed=-1"] + SENS + STD, 64, "A negative seed.", USAGE, stderr=[err(r"seed")])
case("options-delimiter-two-chars", [DATA, "--delimiter", ";;"] + SENS + STD, 64, "A two-character delimiter.", USAGE,
     stderr=[err(r"delimiter")])
case("options-decimal-invalid", [DATA, "--decimal", "x"] + SENS + STD, 64, "--decimal with a letter.", USAGE,
     stderr=[err(r"decimal")])
case("options-audited-model-unknown", [DATA, "--audited-model", "XGBoost"] + SENS + STD, 64, "An audited model fairaudit does not fit.",
     USAGE, stderr=[err(r"audited-model")])
case("options-audited-model-needs-cluster", [DATA, "--audited-model", "GLMM"] + SENS + STD, 64,
     "--audited-model GLMM without --cluster.", USAGE, stderr=[err(r"cluster")])
case("options-c-count-mismatch", [DATA, "--c", "0.1,0.2,0.3"] + SENS + STD, 64, "Three bounds for two sensitive features.",
     USAGE, stderr=[err(r"--c\b")])
case("options-c-negative", [DATA, "--c=-0.1"] + SENS + STD, 64, "A negative covariance bound.", USAGE, stderr=[err(r"--c\b")])
case("options-sensitive-empty", [DATA, "--sensitive", ""] + STD, 64, "--sensitive \"$EMPTY_VAR\" from a CI script.", USAGE,
     stderr=[err(r"sensitive")])
case("options-nagq-range", [DATA, "--nagq", "0"] + SENS + STD, 64, "--nagq 0.", USAGE, stderr=[err(r"nagq")])
case("options-max-iterations-zero", [DATA, "--max-iterations", "0"] + SENS + STD, 64, "--max-iterations 0.", USAGE,
     stderr=[err(r"max-iterations")])
case("options-rho-negative", [DATA, "--rho=-1"] + SENS + STD, 64, "A negative fairness penalty.", USAGE, stderr=[err(r"rho")])
case("options-max-di-increase-without-baseline", [DATA, "--max-di-increase", "0.1"] + SENS + STD, 64,
     "A DI-increase gate without a baseline to compare with.", USAGE, stderr=[err(r"baseline")])
case("options-baseline-missing", [DATA, "--baseline", "{case}/previous.json"] + SENS + STD, 10,
     "A baseline path from a previous CI run whose artefact expired.", USAGE, stderr=[err(r"previous\.json")])
case("options-repeated-sensitive", [DATA, "--sensitive", "housing", "--sensitive", "loan"] + STD, 0,
     "--sensitive given twice, as CI templates append options.", USAGE)
case("options-repeated-sensitive-mixed", [DATA, "--sensitive", "housing,loan", "--sensitive", "age<30"] + STD, 0,
     "A comma list and a threshold feature in two --sensitive options.", USAGE)
case("options-equals-syntax", [DATA, "--sensitive=housing,loan", "--test-fraction=0.25"] + STD, 0,
     "--option=value spelling throughout.", USAGE)
case("options-input-after-options", SENS + STD + [DATA], 0, "The input path given last.", USAGE)
case("options-test-fraction-zero", [DATA, "--test-fraction", "0"] + SENS + STD, 0, "Fit and evaluate on all rows.", USAGE)
case("options-delimiter-tab-word", [DATA, "--delimiter", "tab"] + SENS + STD, 0, "--delimiter tab on a TSV file.",
     {"data.csv": base_csv(N, delim="\t")})
case("options-delimiter-semicolon", [DATA, "--delimiter", ";"] + SENS + STD, 0, "--delimiter ';' on the bank layout.",
     {"data.csv": base_csv(N, delim=";", quote="strings")})
case("options-help", ["--help"], 0, "fairaudit --help.", outputs=[])
case("options-version", ["--version"], 0, "fairaudit --version.", outputs=[])
case("options-max-iterations-one", [DATA, "--max-iterations", "1"] + SENS + STD, 21,
     "A one-iteration Newton limit: the model does not converge.", USAGE, stderr=[err(r"(?i)converge")])
case("options-threshold-breach-bank", ["{repo}/Examples/bank/bank.csv", "--min-p-rule", "99"] + SENS + STD, 1,
     "A p%-rule gate of 99 on the full bank sample: breached, outputs written.")
case("options-thresholds-met", [DATA, "--min-accuracy", "0.1", "--max-dp-difference", "1"] + SENS + STD, 0,
     "Gates that any model meets.", USAGE)
case("options-sweep-on", [DATA, "-o", "report.html", "--json", "summary.json"] + SENS, 0,
     "The default run with trade-off sweeps on a small file.", USAGE)

# --------------------------------------------------------------------------------------------
# small-: tiny data
# --------------------------------------------------------------------------------------------


def tiny(n, cols, start=0, pick=None):
    h = list(cols)
    rows = [[r[c] for c in cols] for r in (pick or BANK[start:start + n])]
    return h, rows


def pick_rows(yes, no, loan_yes):
    """yes/no target rows, with `loan_yes` of them (one positive when possible) having loan=yes."""
    ys = [r for r in BANK if r["y"] == "yes"]
    ns = [r for r in BANK if r["y"] == "no"]
    chosen = [r for r in ys if r["loan"] == "no"][:yes] + [r for r in ns if r["loan"] == "no"][:no]
    extra = [r for r in ns if r["loan"] == "yes"][:loan_yes]
    return chosen[:len(chosen) - loan_yes] + extra


TINY = render(*tiny(0, ["age", "balance", "duration", "loan", "y"], pick=pick_rows(6, 14, 2)))
for seed in (1, 2, 3):
    case(f"small-empty-eval-group-seed-{seed}", [DATA, "--sensitive", "loan", "--seed", str(seed)] + STD, 0,
         "Twenty rows with two loan=yes rows: the held-out split may hold none of them; no NaN in the report.",
         {"data.csv": TINY}, excludes={"report.html": [r"\bNaN\b"]})


def all_dropped():
    h, r = table(20, ["age", "balance", "housing", "y"])
    for i, x in enumerate(r):
        x[i % 2] = "NA"
    return render(h, r)


case("small-all-rows-dropped", [DATA, "--sensitive", "housing"] + STD, 16,
     "Every row has a missing age or balance: no usable rows remain.", {"data.csv": all_dropped()}, stderr=[err(r"(?i)rows?")])
case("small-single-positive", [DATA, "--sensitive", "housing"] + STD, 0,
     "Thirty rows with a single positive outcome.",
     {"data.csv": render(*tiny(0, ["age", "balance", "housing", "duration", "y"],
                                pick=[r for r in BANK if r["y"] == "yes"][:1] + [r for r in BANK if r["y"] == "no"][:29]))},
     excludes={"report.html": [r"\bNaN\b"]})
case("small-forty-rows", [DATA, "--sensitive", "housing"] + STD, 0, "A forty-row pilot sample.",
     {"data.csv": base_csv(40, cols=["age", "balance", "housing", "duration", "y"])})


def tiny_cluster():
    h, r = table(40, ["age", "balance", "housing", "duration", "y"])
    return render(*add_column(h, r, "branch", [BRANCHES[i % 4] for i in range(40)]))


case("small-cluster-tiny", [DATA, "--sensitive", "housing", "--cluster", "branch"] + STD, 0,
     "Forty rows in four branches: all six models on a tiny sample.", {"data.csv": tiny_cluster()})
case("small-twelve-rows-all-evaluated", [DATA, "--sensitive", "loan", "--test-fraction", "0"] + STD, 0,
     "Twelve rows fitted and evaluated on all rows.",
     {"data.csv": render(*tiny(0, ["age", "balance", "loan", "y"], pick=pick_rows(4, 8, 3)))})
case("small-sensitive-group-one-row", [DATA, "--sensitive", "loan"] + STD, 0,
     "Forty rows with a single loan=yes row.",
     {"data.csv": render(*tiny(0, ["age", "balance", "duration", "loan", "y"], pick=pick_rows(8, 32, 1)))},
     excludes={"report.html": [r"\bNaN\b"]})


# --------------------------------------------------------------------------------------------


def write_all():
    for name, (spec, files) in sorted(CASES.items()):
        folder = HERE / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        for fname, content in files.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            assert len(data) < 60_000, (name, fname, len(data))
            (folder / fname).write_bytes(data)
        (folder / "case.json").write_text(json.dumps(spec, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = {}
    for name in CASES:
        prefix = name.split("-")[0]
        counts[prefix] = counts.get(prefix, 0) + 1
    print(len(CASES), "cases:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    write_all()
