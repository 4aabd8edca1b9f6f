"""funding-v1.schema.json and a validator of the JSON Schema subset it uses (see README.md).

Imported by the core's manifest tests (as ``funding.manifest_schema``) and by the hosts'
(their conftest puts this folder on the path), which check the funding.json their builds write.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SCHEMA: dict[str, Any] = json.loads((HERE / "funding-v1.schema.json").read_text(encoding="utf-8"))


def validate(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """The JSON Schema subset funding-v1.schema.json uses; every failure, with its path."""
    kinds = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float)}
    expected = kinds.get(schema.get("type", ""), object)
    if isinstance(value, bool) or not isinstance(value, expected):
        return [f"{where}: not {schema.get('type')}"]
    errors = []
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: not in enum")
    if isinstance(value, str):
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9):
            errors.append(f"{where}: length")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append(f"{where}: pattern")
    if isinstance(value, int | float) and not (
        schema.get("minimum", -(10**12)) <= value <= schema.get("maximum", 10**12)
    ):
        errors.append(f"{where}: range")
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", 10**9):
            errors.append(f"{where}: items")
        for index, item in enumerate(value):
            errors += validate(item, schema.get("items", {}), f"{where}[{index}]")
    if isinstance(value, dict):
        errors += [f"{where}.{k}: required" for k in schema.get("required", []) if k not in value]
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"{where}.{k}: unknown" for k in value if k not in properties]
        for key, item in value.items():
            errors += validate(item, properties.get(key, {}), f"{where}.{key}")
    return errors
