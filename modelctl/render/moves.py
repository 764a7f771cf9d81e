"""Re-export for the renderers: how a price moves lives in the domain, ``modelctl.moves``."""

from modelctl.moves import BIG_MOVE, FieldMove, field_move, shown

__all__ = ["BIG_MOVE", "FieldMove", "field_move", "shown"]
