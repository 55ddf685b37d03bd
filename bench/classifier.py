"""The fraud-type suggestion against bench/data/stories.jsonl, short stories written for this
bench in a victim's or an officer's words (ten types, some with traditional, variant or
full-width characters), each labelled with its type and a split:

- classifier.top1_accuracy: share of stories whose first suggestion is the labelled type;
- classifier.top2_accuracy: share whose labelled type is among the first two suggestions;
- classifier.held_out_top1_accuracy: top-1 on the held-out split alone.

Pure: no database. The phrases were written from the public type descriptions before these
stories; after the first measurement (top-1 0.786 overall, 0.733 held out) they were broadened
once from the misses of the dev split only. The held-out stories were never read for tuning,
so their figure is the honest one for stories the phrases have not seen.
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.figures import Figure
from fanzha.cases import classifier
from fanzha.fraud import FraudType

STORIES = Path(__file__).resolve().parent / "data" / "stories.jsonl"


def load() -> list[dict[str, str]]:
    """The labelled stories: dicts with `type` (a FraudType value), `split`, `story`."""
    lines = STORIES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def ranked_types(story: str) -> list[FraudType]:
    return [s.fraud_type for s in classifier.suggest(story)] or [FraudType.other]


def accuracy(stories: list[dict[str, str]], top: int) -> float:
    hits = sum(FraudType(s["type"]) in ranked_types(s["story"])[:top] for s in stories)
    return round(hits / len(stories), 3)


def misses(stories: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(labelled, suggested, story) for each top-1 miss, for reading, not for tuning."""
    out = []
    for s in stories:
        first = ranked_types(s["story"])[0]
        if first != FraudType(s["type"]):
            out.append((s["type"], first.value, s["story"]))
    return out


def run(url: str) -> dict[str, Figure]:
    del url  # pure: the suggestion reads no database
    stories = load()
    held_out = [s for s in stories if s["split"] == "held_out"]
    return {
        "classifier.top1_accuracy": Figure(accuracy(stories, 1), "share"),
        "classifier.top2_accuracy": Figure(accuracy(stories, 2), "share"),
        "classifier.held_out_top1_accuracy": Figure(accuracy(held_out, 1), "share"),
    }


if __name__ == "__main__":
    for labelled, suggested, story in misses(load()):
        print(f"{labelled:>18} -> {suggested:<18} {story}")
