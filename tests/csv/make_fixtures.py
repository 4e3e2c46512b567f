"""Writes the Chinese sample as Excel and WPS on Chinese Windows save it.

Run once from this folder (python3 make_fixtures.py, needs `pip install
openpyxl`); the files it writes are kept in git, so the tests need neither
Python nor openpyxl. See README.md.
"""

import csv
import io

from openpyxl import Workbook

with open("sample-zh.csv", encoding="utf-8-sig", newline="") as source:
    rows = list(csv.reader(source))


def text(delimiter):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


# "CSV (逗号分隔)": the ANSI code page of Chinese Windows (GBK), no byte-order mark.
with open("gbk/sample-zh.csv", "wb") as out:
    out.write(text(",").encode("gbk"))

# "Unicode 文本": UTF-16 little-endian with a byte-order mark, tab-separated.
with open("utf16/sample-zh.txt", "wb") as out:
    out.write(b"\xff\xfe" + text("\t").encode("utf-16-le"))


def cell(value):
    """Numbers as numbers, as a person types them into a sheet."""
    try:
        number = float(value)
    except ValueError:
        return value if value else None
    return int(number) if number.is_integer() and "." not in value else number


# A workbook: the cards on the first sheet, notes on a second one.
book = Workbook()
sheet = book.active
sheet.title = "旅程"
for row in rows:
    sheet.append([cell(value) for value in row])
notes = book.create_sheet("备注")
notes.append(["这张表不是卡片"])
book.save("sample-zh.xlsx")

# A sheet that starts at B3 with a bad emotion score, for errors by row and column.
book = Workbook()
sheet = book.active
sheet.title = "Cards"
sheet["B3"], sheet["C3"], sheet["D3"], sheet["E3"] = "stage", "lane", "title", "emotion"
sheet.append([None, "Buy", "Customer", "Test drive", 1.5])
sheet.append([None, "Buy", "Customer", "Sign", "很好"])
book.save("offset.xlsx")

# A header with a stray cell in the last column, XFD, and 700 rows: every row
# counts as 16,384 cells wide, more than a sheet may hold.
book = Workbook()
sheet = book.active
sheet.append(["stage", "lane", "title"])
sheet["XFD1"] = "stray"
for number in range(700):
    sheet.append(["A", "Customer", f"card {number}"])
book.save("wide.xlsx")
