"""JSON Merge Patch (RFC 7396): objects merge, anything else replaces, null removes.

Eleven lines of the RFC's own pseudo-code; the packages that implement it add nothing a site
edit needs (no JSON Pointer, no diffing).
"""

from __future__ import annotations

from typing import Any


def merge_patch(target: Any, patch: Any) -> Any:
    """The result of applying `patch` to `target` (neither is modified)."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
