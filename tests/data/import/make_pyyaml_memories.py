#!/usr/bin/python3
# Writes the PyYAML fixtures tst_memoryimport reads: the same memories dumped by PyYAML's yaml.dump with
# its defaults (pyyaml_default.yaml), with the flow style PyYAML used before 5.1 (pyyaml_flow.yaml), and
# as JSON lines (pyyaml_memories.jsonl) that say what the YAML must read as.
#
#   cd tests/data/import && /usr/bin/python3 make_pyyaml_memories.py   # python3-yaml 6.0, Debian 12
#
# The texts are long enough for PyYAML to wrap them: multi-line plain, single-quoted and double-quoted
# scalars. PyYAML writes | and > blocks only when asked, so two str subclasses ask for them, as
# programs that want readable YAML do.
import json

import yaml


class Literal(str):
    pass


class Folded(str):
    pass


def block(style):
    return lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


yaml.add_representer(Literal, block("|"))
yaml.add_representer(Folded, block(">"))

memories = [
    {
        "memory_id": "memory_00042",
        "timestamp": "2024-11-24T21:45:00Z",
        "session_id": "7e123456",  # PyYAML leaves it unquoted: no number in YAML 1.1
        "user_id": "019",
        "user_prompt": "How do I keep basil from flowering when the summer gets hot and the plant starts"
        " to bolt in the middle of July every single year without fail",
        "agent_response": Literal("First line of the reply.\nSecond line: with a colon.\n\n  Indented line.\n"),
        "summary": Folded(
            "Keeping basil leafy means pinching the tips early and often, before the flower spikes form, and"
            " watering in the morning.\n\nA second paragraph stays a paragraph."
        ),
        "context_tags": ["garden", "herbs, kitchen", "019", "yes"],
        "emotional_tone": "practical",
        "memory_priority": 0.86,
        "duration": 35.0,
        "decay_rate": 1e-05,
        "long_term": True,
        "core": False,
        "priority_override": None,
        "evaluations": [
            {
                "archetype": "Ella-M",
                "metrics": {
                    "emotionalDepth": 0.5,
                    "empathyLevel": 0.8,
                    "emotionalClarity": 0.25,
                    "internalEmotionalState": 0.5,
                },
                "annotation": "A note: the reply is kind, # not a comment, and it's long enough to be folded"
                " over two lines by the emitter",
                "confidence": 0.75,
            }
        ],
    },
    {
        "memory_id": "memory_00123",
        "timestamp": "2024-11-25T08:00:00.250Z",
        "session_id": "abcd1234",
        "user_prompt": "Caf\u00e9 owners asked: \u201chow many basil pots fit on a sill?\u201d \u2014 and then"
        " they asked again\twith a tab, because the first answer was lost",
        "agent_response": "Line one of a reply without a block style.\nLine two, after a single break.\n\n"
        "Line four, after an empty line.",
        "summary": "short",
        "context_tags": [],
        "memory_priority": 0.5,
        "long_term": False,
    },
]

with open("pyyaml_default.yaml", "w", encoding="utf-8") as out:
    yaml.dump(memories, out)
with open("pyyaml_flow.yaml", "w", encoding="utf-8") as out:
    yaml.dump(memories, out, default_flow_style=None)
with open("pyyaml_memories.jsonl", "w", encoding="utf-8") as out:
    for memory in memories:
        out.write(json.dumps(memory, ensure_ascii=False) + "\n")
