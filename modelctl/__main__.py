"""``python -m modelctl``: the same as the ``modelctl`` console script."""

from modelctl.launch import run

if __name__ == "__main__":
    run()
