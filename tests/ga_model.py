"""A scripted model for an imported Generative Agents cast (tests and bench/bench_smallville.py): the town's
scripted answers (tests/town_model.py) for every step but the conversation, whose lines bring up the event
the speaker was asked to share ("Topics ... could bring up: - invite: ..."), as the paper's Isabella does.

It reads only the request, so it never invents a place: an invitation names the place and time the prompt
gave. Every answer fits its schema, so a run against it has no fallbacks unless a prompt changes shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.fakeserver import Reply
from tests.town_model import responder as town_responder

_INVITE = re.compile(r"^- invite: (?P<what>.+?) at (?P<place>.+?) at (?P<time>\d\d:\d\d) on day \d+$", re.MULTILINE)
_TALKING = re.compile(r"^It is .+?\. (?P<me>[\w'-]+) is talking with (?P<other>[^(]+?) \(", re.MULTILINE)


def _prompt(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))


def _schema(body: dict[str, Any]) -> str:
    return str(((body.get("response_format") or {}).get("json_schema") or {}).get("name", ""))


def line(prompt: str) -> dict:
    """The next line of a talk: an invitation first if there is one to give, then small talk, then goodbye."""
    history = prompt.split("The conversation so far:")[-1].split("\nWrite ")[0]
    said = [ln for ln in history.strip().splitlines() if ":" in ln and not ln.startswith("(")]
    talking = _TALKING.search(prompt)
    other = talking.group("other").split()[0] if talking else "friend"
    invite = _INVITE.search(prompt)
    invited = any("come along" in ln.lower() for ln in said)
    if invite and not invited:
        what, place, time = invite.group("what"), invite.group("place"), invite.group("time")
        return {"line": f"{other}, there's a {what} at {place} at {time}. Come along!", "end": False,
                "invitation": {"what": what, "place": place, "time": time}}
    if said and "come along" in said[-1].lower():
        return {"line": "Thanks for telling me, I'll see if I can make it.", "end": False}
    if len(said) >= 3:
        summary = "They talked about the party." if invited else "They caught up about their day."
        return {"line": "Good talking to you, see you around!", "end": True, "summary": summary}
    return {"line": f"Hello {other}! How is your day going?", "end": False}


def responder(body: dict[str, Any]) -> Reply:
    """Valid answers for every step an imported town asks."""
    if _schema(body) != "LineAnswer":
        return town_responder(body)
    prompt = _prompt(body)
    content = json.dumps(line(prompt))
    return Reply(content=content, prompt_tokens=max(1, len(prompt) // 4), completion_tokens=max(1, len(content) // 4))
