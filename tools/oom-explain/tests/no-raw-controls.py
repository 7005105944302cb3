#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that files hold nothing a terminal or a browser would act on.

Usage: no-raw-controls.py FILE...
Every file must be valid UTF-8 and hold no C0 control but the newline, no
DEL, no C1 control (U+0080-U+009F), no bidirectional control (U+061C,
U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and no BOM (U+FEFF).
Exit 0 if none does, 1 naming the first such byte or code point.
This is written apart from oom-explain's own decision (oomx_show()) so
that each checks the other.
"""
import sys

HIDDEN = set(range(0x80, 0xA0)) | {0x061C, 0x200E, 0x200F, 0xFEFF} \
    | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def check(path):
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"{path}: byte {e.start}: not UTF-8 ({data[e.start]:#04x})"
    for i, ch in enumerate(text):
        c = ord(ch)
        if (c < 0x20 and ch != "\n") or c == 0x7F or c in HIDDEN:
            return f"{path}: character {i}: raw U+{c:04X}"
    return None


def main():
    for path in sys.argv[1:]:
        err = check(path)
        if err:
            print(err)
            return 1
    return 0


sys.exit(main())
