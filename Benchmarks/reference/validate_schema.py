"""Checks docs/summary.schema.json with the reference implementation of JSON Schema: the schema
itself against the draft 2020-12 metaschema, and JSON summaries against the schema. The Swift
tests validate with their own subset validator (Tests/FairAuditKitTests/Report/JSONSchemaSubset.swift);
this script confirms that both agree. Not run in CI (python-jsonschema is not a CI dependency).
Run from the repo root:  python3 Benchmarks/reference/validate_schema.py [summary.json ...]
(default: Reports/*.json without the model cards). Needs jsonschema (pip install jsonschema).
"""

import glob
import json
import sys
from importlib.metadata import version

import jsonschema


def main():
    schema = json.load(open("docs/summary.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    files = sys.argv[1:] or sorted(f for f in glob.glob("Reports/*.json") if not f.endswith(".model-card.json"))
    failed = 0
    for path in files:
        errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
        for e in errors[:10]:
            print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
        print(f"{path}: {'valid' if not errors else f'{len(errors)} errors'} (jsonschema {version('jsonschema')})")
        failed += bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
