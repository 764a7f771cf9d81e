"""Runs at start-up of every Python subprocess a test starts (see ``netblock.py``)."""

from netblock import install  # type: ignore[attr-defined]  # the module beside this file

install()
