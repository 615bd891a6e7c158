"""Draw all of Tinytown's art with code and write it into the repository.

Run ``python assets/make_art.py [--out DIR]``. It writes the tileset
(``assets/tiles/town.png`` + ``maps/town.tsx``), the villager sheets, the UI
icons and frames, the pixel font and two preview images. Everything is drawn
from the Sweetie 16 palette and ramps mixed from it (``assets/art/``), and every
random choice comes from a seeded generator, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere: the package lives beside it
    sys.path.insert(0, str(ROOT))

from assets.art.draw import save_png, start_pygame  # noqa: E402
from assets.art.font import build_font  # noqa: E402
from assets.art.icons import ICONS, icon  # noqa: E402
from assets.art.preview import compose_scene, contact_sheet  # noqa: E402
from assets.art.tileset import build_tileset, tileset_image, tsx_text  # noqa: E402
from assets.art.ui import app_icon, bubble, bubble_tail, button, panel  # noqa: E402
from assets.art.villagers import LOOKS, villager_sheet  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Generate every art file under ``--out`` (default: the repository root)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT,
                        help="root folder to write assets/ and maps/ into")
    args = parser.parse_args(argv)
    out: Path = args.out
    start_pygame()
    sheet = build_tileset()
    image = tileset_image(sheet)
    save_png(image, out / "assets" / "tiles" / "town.png")
    (out / "maps").mkdir(parents=True, exist_ok=True)
    (out / "maps" / "town.tsx").write_text(tsx_text(sheet, image), encoding="utf-8")
    sheets = [villager_sheet(look) for look in LOOKS]
    index = []
    for i, (look, sheet_img) in enumerate(zip(LOOKS, sheets, strict=True)):
        name = f"villager_{i:02d}.png"
        save_png(sheet_img, out / "assets" / "sprites" / "villagers" / name)
        index.append({"file": name, "look": look.describe()})
    (out / "assets" / "sprites" / "villagers" / "index.json").write_text(
        json.dumps(index, indent=2) + "\n", encoding="utf-8")
    icons = {name: icon(name) for name in ICONS}
    for name, img in icons.items():
        save_png(img, out / "assets" / "ui" / "icons" / f"{name}.png")
    ui = out / "assets" / "ui"
    save_png(panel(), ui / "panel.png")
    for state, suffix in (("normal", ""), ("hover", "_hover"), ("pressed", "_pressed")):
        save_png(button(state), ui / f"button{suffix}.png")
    save_png(bubble(), ui / "bubble.png")
    save_png(bubble_tail(), ui / "bubble_tail.png")
    save_png(app_icon(), ui / "app_icon.png")
    font_path = out / "assets" / "fonts" / "tinytown.ttf"
    build_font(font_path)
    save_png(contact_sheet(sheet, sheets, icons, font_path), out / "assets" / "preview.png")
    save_png(compose_scene(sheet, sheets), out / "assets" / "preview_scene.png")


if __name__ == "__main__":
    main()
