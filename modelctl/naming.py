"""Generated ``model_name`` for an added catalog id, following the provider's naming rule."""

from __future__ import annotations

from modelctl.providers.spec import NamingSpec


def generate_model_name(model_id: str, naming: NamingSpec) -> str:
    """E.g. OpenRouter ``qwen/qwen3-coder`` -> ``or-qwen3-coder``.

    Order: optional last path segment, the replacements in declared order, lower-casing, then
    the prefix (so a replacement never eats the prefix).
    """
    name = model_id.rsplit("/", 1)[-1] if naming.last_segment else model_id
    for old, new in naming.replace:
        name = name.replace(old, new)
    if naming.lowercase:
        name = name.lower()
    return naming.prefix + name
