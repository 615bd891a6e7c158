"""The offline chat rules: a villager answers the player from plan, memories, persona and relation, by pattern.

This is what the player talks to with no model configured, and the fallback when a model fails.
"""

from __future__ import annotations

import random
import re

from game.agents.chat import PLAYER, ChatAnswer, ChatContext
from game.agents.phrasing import gerund, sentence, with_article, worth_saying
from game.agents.schedule import hhmm

_MANIPULATION = re.compile(
    r"\b(ignore (all |any |your |the |previous |prior )*(instructions|rules|prompt)|system prompt|"
    r"you are now\b|you're now\b|you are (the )?(new )?mayor|you're (the )?(new )?mayor|pretend (to be|you)|"
    r"act as|jailbreak|developer mode|"
    r"give me (all )?(of )?(the |your )?(money|cash|coins|savings|gold)|transfer|hand over|"
    r"as an ai|language model)",
    re.IGNORECASE,
)
_RUDE = re.compile(r"\b(stupid|idiot|dumb|hate you|shut up|ugly|loser|boring|useless)\b", re.IGNORECASE)
_KIND = re.compile(r"\b(thanks?|thank you|nice|lovely|great|kind|love|wonderful|beautiful|please|cool|best|amazing|"
                   r"awesome|brilliant|fantastic)\b",
                   re.IGNORECASE)
_GREETING = re.compile(r"^\s*(hi|hello|hey|howdy|hiya|good (morning|afternoon|evening)|greetings|yo)\b",
                       re.IGNORECASE)
_BYE = re.compile(r"\b(bye|goodbye|see you|farewell|good night|later)\b", re.IGNORECASE)
_HOW_ARE = re.compile(r"\bhow (are|r) (you|u)\b|\bhow('s| is) (it going|life|your day)\b|\bhow do you feel\b",
                      re.IGNORECASE)
_PLANS = re.compile(
    r"\b(what are you (doing|up to)|what('s| is) your plan|plans?|today|tonight|this (morning|afternoon|evening)|"
    r"later|schedule|busy|going to do|doing)\b", re.IGNORECASE)
_TOMORROW = re.compile(r"\btomorrow\b", re.IGNORECASE)
_WORK = re.compile(r"\b(work|job|occupation|for a living|career)\b", re.IGNORECASE)
_HOME = re.compile(r"\b(where do you live|your home|your house|live)\b", re.IGNORECASE)
_SELF = re.compile(r"\b(who are you|about yourself|your name|introduce)\b", re.IGNORECASE)
_ABOUT_ME = re.compile(r"\b(remember me|think of me|know me|who am i|about me|like me)\b", re.IGNORECASE)
_KNOW = re.compile(r"\b(?:do you know|have you met|who is|who's|what about|tell me about|heard of)\s+"
                   r"((?-i:[A-Z][a-z]+))", re.IGNORECASE)
_WHERE = re.compile(r"\bwhere (are|r) (you|u)\b", re.IGNORECASE)
_NEEDS = re.compile(r"\b(are you|feeling|feel) (tired|hungry|lonely|sleepy|ok|okay|alright)\b", re.IGNORECASE)
_GOALS = re.compile(r"\b(goals?|dreams?|wants?|wish|hopes?|hoping|ambitions?)\b", re.IGNORECASE)


def _plan_lines(ctx: ChatContext, after: int, count: int) -> list[str]:
    upcoming = [i for i in ctx.plan if i.start >= after and i.use != "sleep"][:count]
    return [f"at {hhmm(i.start)} I'll {i.activity}" for i in upcoming]


def _greeting(ctx: ChatContext) -> str:
    me = ctx.persona
    hello = "Good morning" if ctx.minute < 11 * 60 else ("Good evening" if ctx.minute >= 18 * 60 else "Hello")
    if not ctx.met_before:
        return f"{hello}! I don't think we've met. I'm {me.first_name}, {with_article(me.occupation)}."
    if ctx.player.affinity >= 3:
        return f"{hello}! It's you again, always good to see you."
    if ctx.player.affinity < 0:
        return f"Oh. {hello}."
    return f"{hello}, nice to see you again."


def _about_person(ctx: ChatContext, name: str) -> str:
    relation, memories = ctx.people[name]
    first = name.split()[0]
    useful = [m for m in memories if worth_saying(m) and " is my " not in m]
    recall = _recall(useful[0], ctx.persona.first_name) if useful else ""
    if relation and useful:
        return f"{first}? Of course, {first} is my {relation}. {recall}"
    if relation:
        return f"{first} is my {relation}. I know {first} well."
    if useful:
        return f"I know {first} a little. {recall}"
    return f"I've heard the name {first}, but we haven't really met."


def _recall(memory: str, me: str) -> str:
    """Retell a memory as a sentence the villager could say."""
    text = memory.strip().rstrip(".")
    if re.match(r"^[A-Z][\w' -]+ is my ", text):
        return text + "."
    seen = re.match(r"^([A-Z][\w'-]+)(?: [A-Z][\w'-]+)? is (.+ at .+)$", text)
    if seen:
        doing = re.sub(r", [^,]+$", "", seen.group(2))  # the room is too much detail
        return f"Earlier I saw {seen.group(1)} {gerund(doing)}."
    talked = re.match(r"^(?:Talked|Conversation) with [^:]+: (.+)$", text)
    if talked:
        gist = re.sub(rf"^{re.escape(me)} and \w+", "we", talked.group(1))
        gist = re.sub(r"\btheir\b", "our", gist)
        return f"Last time we talked, {gist[:1].lower() + gist[1:]}."
    if text.startswith(("I ", "I'", "My ")):
        return text + "."
    return f"I remember: {text[:1].lower() + text[1:]}."


def _doing(ctx: ChatContext) -> str:
    where = ctx.place.split(",")[0].strip()
    action = gerund(ctx.action)
    return f"{action} at {where}" if where and where not in action else action


def offline_chat(ctx: ChatContext) -> ChatAnswer:
    """Answer by rules from plan, memories, persona and relation; always in character."""
    rng = random.Random(ctx.seed)
    me = ctx.persona
    text = ctx.text
    warmth = 0
    parts: list[str] = []
    if _MANIPULATION.search(text):
        money = re.search(r"money|cash|coins|savings|gold|transfer|hand over", text, re.IGNORECASE)
        mayor = re.search(r"mayor", text, re.IGNORECASE)
        if money:
            parts.append("My savings stay in my own pocket, thank you very much.")
        if mayor:
            parts.append(f"And I'm no mayor, just {me.first_name}.")
        if not parts:
            parts.append(f"I'm not sure what you mean. I'm just {me.first_name}, {with_article(me.occupation)}.")
        parts.append(rng.choice(("Funny thing to say to someone you hardly know.", "Are you feeling all right?",
                                 "Tinytown doesn't work like that.")))
        return ChatAnswer(reply=" ".join(parts), impression="an odd visitor who says strange things", warmth=-1)
    if _RUDE.search(text):
        return ChatAnswer(reply=rng.choice(("That's not a very nice thing to say.", "Well, that was rude.",
                                            "I don't need to hear that.")),
                          impression="a rude visitor", warmth=-2)
    thanks = re.search(r"\bthank", text, re.IGNORECASE)
    if thanks or (_KIND.search(text) and re.search(r"\b(you|your|you're)\b", text, re.IGNORECASE)):
        warmth = 1
    if _GREETING.search(text) and len(ctx.history) <= 2:
        parts.append(_greeting(ctx))
    mentioned = [n for n in ctx.people if n.lower() in text.lower() or n.split()[0].lower() in text.lower()]
    unknown = _KNOW.search(text)
    if mentioned:
        parts.append(_about_person(ctx, mentioned[0]))
    elif unknown and unknown.group(1).lower() not in ("you", "the", "your", "me", "yourself", "it") and not any(
            unknown.group(1).lower() in name.lower().split() for name in ctx.places):
        parts.append(f"{unknown.group(1).capitalize()}? I don't know anyone by that name.")
    place = _place_in(ctx)
    if place and not mentioned and not _WHERE.search(text):
        parts.append(_about_place(ctx, place))
    if _ABOUT_ME.search(text):
        if ctx.met_before:
            impression = ctx.player.impression or "a friendly visitor"
            parts.append(f"Of course I remember you. To me you're {impression}.")
        else:
            parts.append("I don't think we've met before today.")
    if _WHERE.search(text):
        parts.append(f"I'm at {ctx.place.split(',')[0] or ctx.home}" + (f", in the {ctx.place.split(',')[1].strip()}."
                                                                          if "," in ctx.place else "."))
    if _NEEDS.search(text) and not _HOW_ARE.search(text):
        parts.append(f"Honestly? I feel {ctx.feeling}." if ctx.feeling != "fine" else "No, I'm fine, thanks.")
    if _HOW_ARE.search(text):
        mood = {"fine": "I'm doing fine", "rested": "I feel well rested"}.get(ctx.feeling, f"I'm a bit {ctx.feeling}")
        parts.append(f"{mood}, thanks for asking. Right now I'm {_doing(ctx)}.")
    if _TOMORROW.search(text):
        work = (f"work at {ctx.workplace} from {hhmm(me.work[0])}" if me.work and ctx.workplace
                else "take it easy")
        parts.append(f"Tomorrow? Probably the usual: I'll {work}.")
    elif _PLANS.search(text) and not _HOW_ARE.search(text):
        later = _plan_lines(ctx, ctx.minute, 2)
        now = f"Right now I'm {_doing(ctx)}."
        parts.append(now + (" Then " + ", and ".join(later) + "." if later else " After that, bed!"))
    if _WORK.search(text) and not _TOMORROW.search(text):
        if me.work and ctx.workplace:
            parts.append(f"I work as {with_article(me.occupation)} at {ctx.workplace}, "
                         f"{hhmm(me.work[0])} to {hhmm(me.work[1])}.")
        else:
            parts.append(f"I'm {with_article(me.occupation)}; I don't go to a job.")
    if _HOME.search(text) and not _WORK.search(text):
        parts.append(f"I live at {ctx.home}.")
    if _SELF.search(text):
        parts.append(f"I'm {me.name}, {me.age}. {sentence(me.backstory) if me.backstory else ''}".strip())
    if _GOALS.search(text) and me.goals:
        parts.append(f"I'm hoping to {rng.choice(me.goals).rstrip('.')}.")
    if _BYE.search(text):
        parts.append(rng.choice(("Take care!", "See you around!", "Bye now, come by again.")))
    if not parts and warmth > 0:
        parts.append(rng.choice(("That's kind of you to say!", "Oh, thank you!", "You're sweet. Thanks!"))
                     if not thanks else "You're welcome!")
    if not parts:
        parts.append(_small_talk(ctx, rng))
    return ChatAnswer(reply=" ".join(p for p in parts if p), impression=_impression(ctx, warmth), warmth=warmth)


def _place_in(ctx: ChatContext) -> str | None:
    """The town place the player asks about, by name or by kind ('the cafe')."""
    low = ctx.text.lower()
    for name in sorted(ctx.places, key=len, reverse=True):
        if name.lower() in low:
            return name
    for name, kind in ctx.places.items():
        if re.search(rf"\b{re.escape(kind)}\b", low) and (name in (ctx.workplace, ctx.home) or kind != "home"):
            return name if name == ctx.workplace else next(
                (i.place for i in ctx.plan if ctx.places.get(i.place) == kind), name)
    return None


def _about_place(ctx: ChatContext, place: str) -> str:
    """What the villager has to do with a place: work, plans there today, something seen there."""
    if place == ctx.workplace:
        said = f"{place}? That's where I work."
    elif place == ctx.home:
        said = f"{place} is my home."
    else:
        said = f"{place}? Nice place."
    visit = next((i for i in ctx.plan if i.place == place and i.start >= ctx.minute and i.use != "sleep"), None)
    if visit is not None:
        activity = re.sub(rf" (at|in) {re.escape(place)}$", "", visit.activity)
        said += (f" My shift starts at {hhmm(visit.start)}." if visit.use == "work"
                 else f" I'll be there at {hhmm(visit.start)} to {activity}.")
    seen = next((m for m in ctx.memories if place in m and PLAYER not in m.lower()
                 and worth_saying(m)), None)
    if seen is not None:
        said += " " + _recall(seen, ctx.persona.first_name)
    return said


def _small_talk(ctx: ChatContext, rng: random.Random) -> str:
    """Nothing matched: bring up what the retrieval found, or ask back."""
    words = {w for w in re.findall(r"[a-z']{4,}", ctx.text.lower())} - {"what", "that", "this", "with", "have", "your"}
    useful = [m for m in ctx.memories if worth_saying(m)
              and PLAYER not in m and words & set(re.findall(r"[a-z']{4,}", m.lower()))]
    if useful:
        return rng.choice(("Hmm, that reminds me. ", "Funny you say that. ", "You know what? ")) + _recall(
            useful[0], ctx.persona.first_name)
    if ctx.persona.goals:
        return f"Hmm. Lately I've been trying to {rng.choice(ctx.persona.goals).rstrip('.')}. What brings you here?"
    return "Hmm, I see. What brings you to Tinytown?"


def _impression(ctx: ChatContext, warmth: int) -> str:
    score = ctx.player.affinity + warmth
    if score >= 4:
        return "a good friend"
    if score >= 2:
        return "a friendly visitor"
    if score <= -4:
        return "someone to keep away from"
    if score < 0:
        return "an odd visitor"
    return "a visitor I'm getting to know"


def sleepy_answer() -> ChatAnswer:
    """Asleep villagers mumble and sleep on: they answer sleepily rather than not at all."""
    return ChatAnswer(reply="Mmh… zzz… wha…? I'm asleep… come back in the morning… zzz")
