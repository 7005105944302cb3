#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate oom-explain JSON Lines against the JSON Schema.

Usage: validate-json.py SCHEMA FILE [N]
Every line must be one JSON object that the schema accepts (N lines if
given).  Exit 0 if all are valid, 1 with the first error otherwise, 2 if
the jsonschema module is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit(2)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    # JSON Lines end each object with "\n" alone; U+0085, U+2028 and the
    # like that str.splitlines() would also break at are valid inside a
    # JSON string
    lines = open(sys.argv[2], "rb").read().decode("utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(sys.argv) > 3 and len(lines) != int(sys.argv[3]):
        print(f"{len(lines)} lines, expected {sys.argv[3]}")
        return 1
    for n, line in enumerate(lines, 1):
        try:
            validator.validate(json.loads(line))
        except (ValueError, jsonschema.ValidationError) as e:
            msg = getattr(e, "message", str(e))
            path = "/".join(str(p) for p in getattr(e, "absolute_path", []))
            print(f"line {n}: {path}: {msg}")
            return 1
    return 0


sys.exit(main())
