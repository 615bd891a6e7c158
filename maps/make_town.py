"""Generate Tinytown's Tiled maps: the building prefabs and the town stamped from them.

Run ``python maps/make_town.py`` from anywhere. It reads tile names from ``maps/town.tsx``
(written by ``assets/make_art.py``), resolves every name it needs to a GID afresh, and writes
``maps/prefabs/<type>.tmx`` and ``maps/town.tmx`` (Tiled 1.10, CSV layers). The output is
deterministic: running it again reproduces the files byte for byte, even when the tileset
was regenerated with new tile ids. The generator itself is the package ``maps/generator/``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: the package lives beside it
    sys.path.insert(0, str(ROOT))

from maps.generator.run import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
