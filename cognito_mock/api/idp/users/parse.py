"""Request members -> domain values for users."""
from __future__ import annotations


def attribute_dict(attributes: list[dict[str, str]] | None) -> dict[str, str]:
    """AttributeListType -> {name: value}; a later duplicate wins, as AWS does."""
    return {a["Name"]: a.get("Value", "") for a in attributes or ()}
