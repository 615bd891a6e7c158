"""Save files: versioned, atomic, validated SQLite saves of a whole town, slots and autosaves, GA import."""

from game.save.ga_import import GAImportError, import_ga
from game.save.slots import slot_path
from game.save.store import SaveError, SaveFile, read_meta, read_save, write_save
from game.save.town import capture, load_town, save_town

__all__ = [
    "GAImportError",
    "SaveError",
    "SaveFile",
    "capture",
    "import_ga",
    "load_town",
    "read_meta",
    "read_save",
    "save_town",
    "slot_path",
    "write_save",
]
