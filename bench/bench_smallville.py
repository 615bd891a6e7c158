"""Smallville's Valentine's Day party in Tinytown: an original 25-person cast written in the Generative Agents
storage format, imported with its history CSV, run 2 game days headless with the offline brain, or with
``--model-server scripted`` against a scripted OpenAI-compatible server on 127.0.0.1 (tests/ga_model.py).

Reports the party's figures (from the news log, game/sim/news.py) beside the paper's (Park et al. 2023: the
news reached 13 of 25, 12 were invited, 5 came; network density 0.167 -> 0.74) and the run's speed against a
baseline run of the town's own 25-person cast in the same process, in CPU seconds (the machine is shared).
Writes bench/results/smallville.json (smallville_scripted.json with the scripted model).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
RESULTS = REPO / "bench" / "results" / "smallville.json"
WORLD = "the Hollow"
START = "February 13, 2023"
PAPER = {"heard": 13, "invited": 12, "attended": 5, "agents": 25, "density_start": 0.167, "density_end": 0.74}

# name, age, innate, learned, currently, lifestyle, daily plan requirement, living area, places they know
CAST: list[tuple[str, int, str, str, str, str, str, str, list[str]]] = [
    ("Rosa Delgado", 36, "warm, talkative, organised",
     "Rosa Delgado is the owner of Lantern Cafe who knows every regular by name. She is friends with Declan Murphy "
     "and she works with Sofia Lindgren and Felix Navarro.",
     "Rosa Delgado is planning a Valentine's Day party at Lantern Cafe on February 14th, 2023 from 5pm to 7pm, "
     "and she wants to invite everyone she meets.",
     "Rosa Delgado goes to bed around 11pm, wakes up around 6am.",
     "Rosa Delgado opens Lantern Cafe at 8am and works at the counter until 8pm, when she closes the cafe.",
     "Rosa Delgado's apartment", ["Lantern Cafe", "Marlow Supply Store", "Kessler Park"]),
    ("Milo Brandt", 21, "dreamy, musical, shy",
     "Milo Brandt is a student at Birchwood College studying music composition. He is friends with Jonas Weber.",
     "Milo Brandt is writing a song for his end-of-term recital.",
     "Milo Brandt goes to bed around 1am, wakes up around 9am.",
     "Milo Brandt has classes at Birchwood College from 10am to 3pm.",
     "Dorm for Birchwood College", ["Birchwood College", "Lantern Cafe"]),
    ("Priya Raman", 20, "curious, driven, funny",
     "Priya Raman is a student at Birchwood College studying chemistry. She has a crush on Milo Brandt.",
     "Priya Raman is preparing for her organic chemistry exam.",
     "Priya Raman goes to bed around midnight, wakes up around 7am.",
     "Priya Raman studies at Birchwood College from 9am to 4pm.",
     "Dorm for Birchwood College", ["Birchwood College", "Lantern Cafe", "Kessler Park"]),
    ("Jonas Weber", 22, "steady, sarcastic, loyal",
     "Jonas Weber is a student at Birchwood College studying history.",
     "Jonas Weber is researching the history of the town's old mill.",
     "Jonas Weber goes to bed around midnight, wakes up around 8am.",
     "Jonas Weber attends lectures at Birchwood College from 9am to 2pm.",
     "Dorm for Birchwood College", ["Birchwood College", "The Gilded Fox Pub"]),
    ("Aiko Tanaka", 19, "quiet, observant, artistic",
     "Aiko Tanaka is a student at Birchwood College studying illustration.",
     "Aiko Tanaka is drawing a comic about the people of the town.",
     "Aiko Tanaka goes to bed around 11pm, wakes up around 7am.",
     "Aiko Tanaka has studio classes at Birchwood College from 9am to 3pm.",
     "Dorm for Birchwood College", ["Birchwood College", "Kessler Park"]),
    ("Samuel Okafor", 48, "patient, precise, gentle",
     "Samuel Okafor is a pharmacist at The Meadow Market and Pharmacy. He is married to Grace Okafor.",
     "Samuel Okafor is reorganising the pharmacy's shelves.",
     "Samuel Okafor goes to bed around 10pm, wakes up around 6am.",
     "Samuel Okafor works at The Meadow Market and Pharmacy from 9am to 5pm.",
     "Okafor family's house", ["The Meadow Market and Pharmacy", "Kessler Park"]),
    ("Grace Okafor", 46, "cheerful, generous, chatty",
     "Grace Okafor is a retired nurse who volunteers in the community garden. She is married to Samuel Okafor.",
     "Grace Okafor is planting spring bulbs in her garden.",
     "Grace Okafor goes to bed around 10pm, wakes up around 6am.",
     "Grace Okafor walks in Kessler Park every morning and visits Lantern Cafe in the afternoon.",
     "Okafor family's house", ["Kessler Park", "Lantern Cafe"]),
    ("Tomas Varga", 44, "practical, blunt, dependable",
     "Tomas Varga is the owner of Marlow Supply Store. He is married to Elena Varga and he is the father of "
     "Luca Varga.",
     "Tomas Varga is ordering seeds and tools for the spring.",
     "Tomas Varga goes to bed around 10pm, wakes up around 6am.",
     "Tomas Varga opens Marlow Supply Store at 9am and closes it at 6pm.",
     "Varga family's house", ["Marlow Supply Store"]),
    ("Elena Varga", 42, "thoughtful, witty, demanding",
     "Elena Varga is a professor of literature at Birchwood College. She is married to Tomas Varga.",
     "Elena Varga is grading essays on nineteenth-century novels.",
     "Elena Varga goes to bed around 11pm, wakes up around 6am.",
     "Elena Varga teaches at Birchwood College from 9am to 4pm.",
     "Varga family's house", ["Birchwood College", "Lantern Cafe"]),
    ("Luca Varga", 17, "restless, bright, sporty",
     "Luca Varga is a student at Birchwood College's early programme. He is the son of Tomas Varga and "
     "Elena Varga.",
     "Luca Varga is training for the spring football match.",
     "Luca Varga goes to bed around 11pm, wakes up around 7am.",
     "Luca Varga goes to Birchwood College from 8am to 3pm.",
     "Varga family's house", ["Birchwood College", "Kessler Park"]),
    ("Declan Murphy", 51, "jovial, loud, big-hearted",
     "Declan Murphy is the owner of The Gilded Fox Pub. He is friends with Rosa Delgado and Victor Osei.",
     "Declan Murphy is planning a quiz night for next month.",
     "Declan Murphy goes to bed around 1am, wakes up around 9am.",
     "Declan Murphy opens The Gilded Fox Pub at 5pm and closes it at 11pm.",
     "Declan Murphy's apartment", ["The Gilded Fox Pub", "Marlow Supply Store"]),
    ("Daniel Park", 29, "focused, polite, introverted",
     "Daniel Park is a software engineer at Hollow Tech Office who builds apps for small shops.",
     "Daniel Park is fixing a bug in the bakery's ordering app.",
     "Daniel Park goes to bed around 1am, wakes up around 8am.",
     "Daniel Park works at Hollow Tech Office from 10am to 6pm.",
     "Daniel Park's apartment", ["Hollow Tech Office", "Lantern Cafe"]),
    ("Hannah Lindqvist", 33, "bold, passionate, messy",
     "Hannah Lindqvist is a painter who shares the artists' co-living space with Omar Haddad and Zoe Marchetti.",
     "Hannah Lindqvist is painting a mural of the town square.",
     "Hannah Lindqvist goes to bed around 2am, wakes up around 10am.",
     "Hannah Lindqvist paints in her studio in the afternoon.",
     "artists' co-living space", ["Kessler Park", "Lantern Cafe"]),
    ("Omar Haddad", 30, "calm, playful, romantic",
     "Omar Haddad is a musician who plays the oud. He is friends with Hannah Lindqvist.",
     "Omar Haddad is composing music for a short film.",
     "Omar Haddad goes to bed around 1am, wakes up around 9am.",
     "Omar Haddad practises music in the evening.",
     "artists' co-living space", ["The Gilded Fox Pub", "Lantern Cafe"]),
    ("Zoe Marchetti", 27, "sharp, moody, kind",
     "Zoe Marchetti is a poet who writes about small towns.",
     "Zoe Marchetti is finishing her second poetry collection.",
     "Zoe Marchetti goes to bed around midnight, wakes up around 8am.",
     "Zoe Marchetti writes in the morning and reads in the evening.",
     "artists' co-living space", ["Hollow Library", "Lantern Cafe"]),
    ("Walter Finch", 72, "grumpy, nostalgic, honest",
     "Walter Finch is a retired postman who knows the history of every house in town.",
     "Walter Finch is writing letters to his grandchildren.",
     "Walter Finch goes to bed around 9pm, wakes up around 5am.",
     "Walter Finch feeds the ducks in Kessler Park every morning.",
     "Walter Finch's house", ["Kessler Park", "The Meadow Market and Pharmacy"]),
    ("Beatrice Holm", 65, "gentle, wise, organised",
     "Beatrice Holm is a retired teacher who lives with Ingrid Sorensen.",
     "Beatrice Holm is knitting scarves for the winter market.",
     "Beatrice Holm goes to bed around 10pm, wakes up around 6am.",
     "Beatrice Holm reads at Hollow Library in the afternoon.",
     "Beatrice Holm and Ingrid Sorensen's house", ["Hollow Library", "Lantern Cafe"]),
    ("Ingrid Sorensen", 63, "meticulous, dry, caring",
     "Ingrid Sorensen is a librarian at Hollow Library.",
     "Ingrid Sorensen is cataloguing a donation of old maps.",
     "Ingrid Sorensen goes to bed around 10pm, wakes up around 6am.",
     "Ingrid Sorensen opens Hollow Library at 9am and closes it at 5pm.",
     "Beatrice Holm and Ingrid Sorensen's house", ["Hollow Library"]),
    ("Felix Navarro", 38, "energetic, friendly, forgetful",
     "Felix Navarro is a barista at Lantern Cafe. He is married to Lucia Navarro.",
     "Felix Navarro is learning latte art.",
     "Felix Navarro goes to bed around 10pm, wakes up around 5am.",
     "Felix Navarro works at Lantern Cafe from 7am to 3pm.",
     "Navarro family's house", ["Lantern Cafe"]),
    ("Lucia Navarro", 35, "practical, warm, stubborn",
     "Lucia Navarro is a shop assistant at Marlow Supply Store. She is married to Felix Navarro.",
     "Lucia Navarro is saving up for a trip to the coast.",
     "Lucia Navarro goes to bed around 11pm, wakes up around 7am.",
     "Lucia Navarro works at Marlow Supply Store from 9am to 5pm.",
     "Navarro family's house", ["Marlow Supply Store", "Kessler Park"]),
    ("Ruth Abernathy", 58, "formal, diligent, secretly funny",
     "Ruth Abernathy is the town clerk at Hollow Town Hall.",
     "Ruth Abernathy is preparing the town's annual budget.",
     "Ruth Abernathy goes to bed around 10pm, wakes up around 6am.",
     "Ruth Abernathy works at Hollow Town Hall from 8am to 4pm.",
     "Ruth Abernathy's apartment", ["Hollow Town Hall"]),
    ("Kofi Mensah", 40, "creative, proud, generous",
     "Kofi Mensah is a chef at The Gilded Fox Pub. He works with Declan Murphy.",
     "Kofi Mensah is testing a new stew recipe.",
     "Kofi Mensah goes to bed around midnight, wakes up around 8am.",
     "Kofi Mensah cooks at The Gilded Fox Pub from 3pm to 11pm.",
     "Kofi Mensah's apartment", ["The Gilded Fox Pub", "The Meadow Market and Pharmacy"]),
    ("Sofia Lindgren", 24, "bubbly, curious, impatient",
     "Sofia Lindgren is a barista at Lantern Cafe. She is friends with Priya Raman.",
     "Sofia Lindgren is saving to study photography.",
     "Sofia Lindgren goes to bed around midnight, wakes up around 7am.",
     "Sofia Lindgren works at Lantern Cafe from 11am to 7pm.",
     "Sofia Lindgren's apartment", ["Lantern Cafe"]),
    ("Victor Osei", 55, "learned, calm, stubborn",
     "Victor Osei is a professor of economics at Birchwood College. He is friends with Declan Murphy.",
     "Victor Osei is writing a paper on small-town markets.",
     "Victor Osei goes to bed around 11pm, wakes up around 6am.",
     "Victor Osei teaches at Birchwood College from 10am to 4pm.",
     "Victor Osei's apartment", ["Birchwood College", "The Gilded Fox Pub"]),
    ("Clara Weiss", 31, "sunny, athletic, outspoken",
     "Clara Weiss is a gardener at Kessler Park.",
     "Clara Weiss is planting a new rose bed in Kessler Park.",
     "Clara Weiss goes to bed around 10pm, wakes up around 5am.",
     "Clara Weiss works at Kessler Park from 7am to 3pm.",
     "Clara Weiss's apartment", ["Kessler Park", "Lantern Cafe"]),
]
# As the reference repository's history CSV writes them: to the persona ("You ..."), ;-separated in one cell.
HISTORY = {
    "Rosa Delgado": "You are planning a Valentine's Day party at *Lantern Cafe on February 14th from 5pm* and you "
                    "want the whole town to come; You and Declan Murphy have been friends since he opened his pub "
                    "across the square; Sofia Lindgren and Felix Navarro work the counter with you",
    "Priya Raman": "This really matters to you -- you have a crush on Milo Brandt; You hope to talk to Milo Brandt "
                   "this week; You and Jonas Weber are dormmates",
    "Walter Finch": "You miss your late wife; You think the town has become too noisy; Beatrice Holm is your "
                    "neighbour and you trust her",
    "Declan Murphy": "You know most of the town as customers at your pub, The Gilded Fox Pub; You and Victor Osei "
                     "play chess on Sundays",
}


def write_cast(root: Path) -> tuple[Path, Path]:
    """The cast as a GA storage folder (personas/, reverie/meta.json) and its history CSV."""
    import csv

    names = [c[0] for c in CAST]
    for name, age, innate, learned, currently, lifestyle, plan_req, living, places in CAST:
        boot = root / "personas" / name / "bootstrap_memory"
        (boot / "associative_memory").mkdir(parents=True)
        scratch = {"vision_r": 8, "att_bandwidth": 8, "retention": 8, "curr_time": None, "curr_tile": None,
                   "daily_plan_req": plan_req, "name": name, "first_name": name.split()[0],
                   "last_name": name.split()[-1], "age": age, "innate": innate, "learned": learned,
                   "currently": currently, "lifestyle": lifestyle, "living_area": f"{WORLD}:{living}:main room",
                   "concept_forget": 100, "daily_reflection_time": 180, "daily_reflection_size": 5,
                   "overlap_reflect_th": 2, "kw_strg_event_reflect_th": 4, "kw_strg_thought_reflect_th": 4,
                   "recency_w": 1, "relevance_w": 1, "importance_w": 1, "recency_decay": 0.99,
                   "importance_trigger_max": 150, "importance_trigger_curr": 150, "importance_ele_n": 0,
                   "thought_count": 5, "daily_req": [], "f_daily_schedule": [], "f_daily_schedule_hourly_org": [],
                   "act_address": None, "act_start_time": None, "act_duration": None, "act_description": None,
                   "act_pronunciatio": None, "act_event": [name, None, None], "act_obj_description": None,
                   "act_obj_pronunciatio": None, "act_obj_event": [None, None, None], "chatting_with": None,
                   "chat": None, "chatting_with_buffer": {}, "chatting_end_time": None, "act_path_set": False,
                   "planned_path": []}
        (boot / "scratch.json").write_text(json.dumps(scratch, indent=2), encoding="utf-8")
        spatial = {WORLD: {living: {"main room": ["bed", "desk"]}, **{p: {"main room": ["counter"]} for p in places}}}
        (boot / "spatial_memory.json").write_text(json.dumps(spatial), encoding="utf-8")
        (boot / "associative_memory" / "nodes.json").write_text("{}", encoding="utf-8")
        (boot / "associative_memory" / "kw_strength.json").write_text(
            json.dumps({"kw_strength_event": {}, "kw_strength_thought": {}}), encoding="utf-8")
        (boot / "associative_memory" / "embeddings.json").write_text("{}", encoding="utf-8")
    (root / "reverie").mkdir()
    meta = {"fork_sim_code": "hollow_n25", "start_date": START, "curr_time": f"{START}, 00:00:00", "sec_per_step": 10,
            "maze_name": "the_hollow", "persona_names": names, "step": 0}
    (root / "reverie" / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    history = root / "hollow_history_n25.csv"
    with history.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["Name", "Whisper"])
        for name, whisper in HISTORY.items():
            out.writerow([name, whisper])
    return root, history


def party_figures(sim, news) -> list[dict]:
    """Per hosted event, from the news log (game/sim/news.py): who heard, from whom and when, who said yes
    (holds a promise), who said no, and who was at the place while it was on, having heard of it: guests who
    had said yes ('came'), and the others there (staff on their shift, people who had said no but dined there).
    """
    from game.clock import GameTime

    parties = []
    for h in sim.components["ga"].hosting:
        item = next((c for c in news.cascades(sim) if c["kind"] == "invitation" and c["origin"] == h.host
                     and c.get("place") == h.place), None)
        told = item["told"] if item else []
        minds = {v.name: sim.mind.minds[v.vid] for v in sim.villagers}
        said_yes = sorted(n for n, m in minds.items() if n != h.host and any(
            (p.place, p.day, p.start) == (h.place, h.day, h.start) for p in m.promises))
        said_no = sorted(n for n, m in minds.items() if n != h.host and n not in said_yes and any(
            (p.place, p.day, p.start) == (h.place, h.day, h.start) for p in m.declined))
        there = [n for n in (item["attended"] if item else []) if n != h.host]
        staff = {v.name for v in sim.villagers if v.workplace == h.place and v.persona.work is not None
                 and v.persona.work[0] < h.end and h.start < v.persona.work[1]}
        came = [n for n in there if n in said_yes]
        parties.append({
            "event": f"{h.what} at {h.place} on day {h.day}", "host": h.host,
            "heard": len(told), "invited": len(said_yes), "declined": len(said_no), "attended": len(came),
            "attended_names": came, "said_yes_stayed_away": [n for n in said_yes if n not in there],
            "there_on_shift": sorted(set(there) & staff - set(came)),
            "there_having_said_no": sorted(set(there) & set(said_no) - staff),
            "there_at_all": len(there),
            "scale": item["scale"] if item else 0, "depth": item["depth"] if item else 0,
            "max_breadth": item["max_breadth"] if item else 0,
            "cascade": [{"from": t["from"], "to": t["to"],
                         "when": f"{GameTime(t['time'], sim.clock.start_date).date_text()} "
                                 f"{GameTime(t['time']).clock_text()}"} for t in told],
        })
    return parties


def run(args: argparse.Namespace, base_url: str | None) -> dict:
    """Import the cast, run it, and the baseline (the town's own cast) unless --quick; figures as a dict."""
    from game.clock import STEPS_PER_DAY
    from game.save.ga_import import import_ga
    from game.sim.engine import Simulation
    from game.sim.news import install_news
    from game.sim.setup import make_mind

    # The scripted server embeds too, as in tests/test_ga_party_model.py (MiniLM is the offline brain's cost).
    llm = {"backend": "openai", "base_url": base_url, "model": "scripted", "embedder": "endpoint",
           "embedding_model": "scripted-embed"} if base_url else {"backend": "offline"}

    def mind():
        return make_mind("generative", llm, lockstep=True)

    def build(town_map, cast):
        return Simulation(town_map, agents=len(cast), cast=cast, seed=args.seed, mind=mind())

    steps = int(args.days * STEPS_PER_DAY)
    with tempfile.TemporaryDirectory() as tmp:
        folder, history = write_cast(Path(tmp))
        started = time.perf_counter()
        sim = import_ga(folder, build, history=history)
        imported = time.perf_counter() - started
    record = sim.components["ga"]
    news = install_news(sim)
    started, cpu = time.perf_counter(), time.process_time()
    sim.run_steps(steps)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    network = news.report_extras(sim)["network"]
    ledger = sim.mind.report_extras(sim)["llm"] if base_url else None
    if base_url:
        sim.mind.pool.close()

    base_wall = base_cpu = 0.0
    if not args.quick:  # the baseline: the town's own cast of the same size, the same days, seed and brain
        base = Simulation(agents=len(sim.villagers), seed=args.seed, mind=mind())
        started, base_cpu = time.perf_counter(), time.process_time()
        base.run_steps(steps)
        base_wall, base_cpu = time.perf_counter() - started, time.process_time() - base_cpu
        if base_url:
            base.mind.pool.close()
    return {
        "agents": len(sim.villagers), "days": args.days, "seed": args.seed, "start": sim.clock.start_date.isoformat(),
        "brain": "scripted model (tests/ga_model.py) on the openai path" if base_url else "offline",
        "llm": {k: ledger[k] for k in ("calls", "errors", "fallbacks", "decisions", "model_decisions")}
        if ledger else None,
        "places": record.places, "built": record.built, "hosting": record.get_state()["hosting"],
        "parties": party_figures(sim, news),
        "density_start": round(network["density_start"], 3), "density_end": round(network["density_end"], 3),
        "paper": PAPER,
        "import_seconds": round(imported, 2), "run_seconds": round(wall, 2), "run_cpu_seconds": round(cpu, 2),
        "baseline_run_seconds": round(base_wall, 2), "baseline_run_cpu_seconds": round(base_cpu, 2),
        "run_vs_baseline_cpu": round(cpu / base_cpu, 2) if base_cpu else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=2.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seeds", type=int, default=1,
                        help="also run seeds seed+1 ... (party figures only, no baseline): one seed is one story")
    parser.add_argument("--quick", action="store_true", help="skip the baseline run (no speed ratio)")
    parser.add_argument("--model-server", choices=("none", "scripted"), default="none",
                        help="scripted: every step asks a scripted OpenAI-compatible server on 127.0.0.1 "
                             "(tests/ga_model.py) instead of the offline brain")
    args = parser.parse_args()

    def runs(base_url: str | None) -> dict:
        result = run(args, base_url)
        others = []
        for seed in range(args.seed + 1, args.seed + args.seeds):
            more = run(argparse.Namespace(**{**vars(args), "seed": seed, "quick": True}), base_url)
            others.append(more)
        result["by_seed"] = [{"seed": r["seed"], **{k: r["parties"][0][k] for k in
                                                    ("heard", "invited", "declined", "attended")},
                              "density_end": r["density_end"]} for r in [result, *others] if r["parties"]]
        return result

    if args.model_server == "scripted":
        from tests.fakeserver import FakeLLMServer
        from tests.ga_model import responder

        with FakeLLMServer(responder=responder, embedding_dim=16) as server:
            result = runs(server.base_url)
        out = RESULTS.with_name("smallville_scripted.json")
    else:
        result = runs(None)
        out = RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    shown = {**result, "parties": [{k: v for k, v in p.items() if k != "cascade"} for p in result["parties"]]}
    print(json.dumps(shown, indent=2))
    return 0

if __name__ == "__main__":
    sys.exit(main())
