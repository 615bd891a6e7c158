"""Packaged Tinytown against Tinytown from source: size on disk and start time to the first frame.

Builds with build.spec into a temporary folder (or measures an existing build given with --dist; --onefile
adds the one-file build), then times `--screenshot --after-steps 0` (start, load the town, draw one frame,
exit) for each, N runs after one warm-up. Writes bench/results/build.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "build.json"
EXE_NAME = "tinytown.exe" if sys.platform == "win32" else "tinytown"


def folder_mb(folder: Path) -> float:
    """Bytes on disk; PyInstaller links some libraries inside the bundle, so links are not counted twice."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def source_mb() -> float:
    """What running from source needs besides Python itself: the game's files and its installed runtime
    packages from requirements.txt with everything they depend on."""
    from importlib.metadata import PackageNotFoundError, distribution

    pending = [line.split("==")[0].strip() for line in (REPO / "requirements.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    seen: set[str] = set()
    total = sum(folder_mb(REPO / part) for part in ("game", "maps", "assets")) + (REPO / "main.py").stat().st_size / 1e6
    while pending:
        name = re.sub(r"[-_.]+", "-", pending.pop()).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # a dependency for another platform
        total += sum(Path(f.locate()).stat().st_size for f in dist.files or [] if Path(f.locate()).is_file()) / 1e6
        for requirement in dist.requires or []:
            if "extra ==" not in requirement:
                pending.append(re.match(r"[A-Za-z0-9_.-]+", requirement).group(0))  # type: ignore[union-attr]
    return total


def build(dist: Path, work: Path, onefile: bool = False) -> tuple[Path, float]:
    """Build with build.spec; returns the program and the seconds the build took."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "build.spec", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work)], cwd=REPO, check=True,
                   env=os.environ | {"TINYTOWN_ONEFILE": "1" if onefile else "0"})
    program = dist / EXE_NAME if onefile else dist / "tinytown" / EXE_NAME
    return program, time.perf_counter() - started


def timings(seconds: list[float]) -> dict[str, float]:
    return {"best": round(min(seconds), 3), "median": round(statistics.median(seconds), 3)}


def first_frame_seconds(command: list[str], out: Path, runs: int) -> list[float]:
    env = os.environ | {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    times = []
    for i in range(runs):
        shot = out / f"frame-{i}.png"
        started = time.perf_counter()
        subprocess.run([*command, "--screenshot", str(shot), "--after-steps", "0"], cwd=out, env=env,
                       check=True, capture_output=True)
        times.append(time.perf_counter() - started)
        if not shot.is_file():
            raise SystemExit(f"bench_build: {' '.join(command)} wrote no screenshot")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, help="an existing one-folder build (dist/tinytown) to measure")
    parser.add_argument("--onefile", action="store_true", help="also build and measure the one-file program")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs per program (best and median kept)")
    args = parser.parse_args()
    from_source = [sys.executable, str(REPO / "main.py")]

    with tempfile.TemporaryDirectory(prefix="tinytown-bench-") as tmp:
        tmp_path = Path(tmp)
        if args.dist:
            program, build_s = args.dist / EXE_NAME, None
        else:
            program, build_s = build(tmp_path / "dist", tmp_path / "work")
        programs = {"packaged": [str(program)], "source": from_source}
        if args.onefile:
            onefile, onefile_build_s = build(tmp_path / "onefile", tmp_path / "onefile-work", onefile=True)
            programs["onefile"] = [str(onefile)]
        # One unmeasured run each, so all start from a warm file cache.
        for command in programs.values():
            first_frame_seconds(command, tmp_path, 1)
        frames = {name: first_frame_seconds(command, tmp_path, args.runs) for name, command in programs.items()}
        packaged_mb = folder_mb(program.parent)
        onefile_mb = onefile.stat().st_size / 1e6 if args.onefile else None

    src_mb = source_mb()
    source_median = statistics.median(frames["source"])
    result = {
        "platform": sys.platform,
        "build_seconds": round(build_s, 1) if build_s is not None else None,
        "packaged_mb": round(packaged_mb, 1),
        "source_mb": round(src_mb, 1),
        "size_ratio": round(packaged_mb / src_mb, 3),
        "runs": args.runs,
        "packaged_first_frame_s": timings(frames["packaged"]),
        "source_first_frame_s": timings(frames["source"]),
        "first_frame_ratio": round(statistics.median(frames["packaged"]) / source_median, 3),
    }
    if args.onefile:
        result |= {
            "onefile_build_seconds": round(onefile_build_s, 1),
            "onefile_mb": round(onefile_mb, 1),
            "onefile_first_frame_s": timings(frames["onefile"]),
            "onefile_first_frame_ratio": round(statistics.median(frames["onefile"]) / source_median, 3),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if build_s is not None:
        print(f"build: {build_s:.1f} s")
    print(f"size: packaged {packaged_mb:.1f} MB, source (game + installed runtime packages) {src_mb:.1f} MB, "
          f"ratio {result['size_ratio']:.2f}")
    print(f"first frame (median of {args.runs}): packaged {statistics.median(frames['packaged']):.2f} s, "
          f"source {source_median:.2f} s, ratio {result['first_frame_ratio']:.2f}")
    if args.onefile:
        print(f"one-file: build {onefile_build_s:.1f} s, {onefile_mb:.1f} MB, first frame "
              f"{statistics.median(frames['onefile']):.2f} s, ratio {result['onefile_first_frame_ratio']:.2f}")
    print(f"written to {RESULTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
