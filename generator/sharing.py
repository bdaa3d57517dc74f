"""One object for many equal small values in the checked approaches: `share(model)`.

At thousands of approaches the checked models are most of what a build holds, and the build's
render processes each end up with a copy of what they read (a forked process that reads a Python
object writes its reference count, which copies the memory page that holds it). Two kinds of small
objects repeat across approaches and are worth keeping once:

- the set of field names pydantic keeps in every model instance (`__pydantic_fields_set__`),
  about 370 bytes each and 30% of the models' memory, with only a few distinct ones per model class;
- short texts: terms from the vocabulary, kinds of source, amounts, names of organisations.

`share` changes no value: the models are frozen, an equal set or text stands where another stood, and
pydantic copies a field set before it changes one (`model_copy`). Long texts are left alone: they
are seldom equal, and looking them up would cost more than it saves.
"""

from __future__ import annotations

import sys

from pydantic import BaseModel

SHORT = 64
"""Texts up to this many characters are kept once (`sys.intern`)."""

_field_sets: dict[frozenset[str], set[str]] = {}


def share(model: BaseModel) -> None:
    """Let `model` and every model inside it use the kept field sets and short texts, in place."""
    # one loop over a stack of models rather than a call per value: this runs for every approach of
    # every build, also for the approaches taken from the check cache
    sets, intern, short = _field_sets, sys.intern, SHORT
    models = [model]
    while models:
        current = models.pop()
        fields = current.__pydantic_fields_set__
        kept = sets.setdefault(frozenset(fields), fields)
        if kept is not fields:
            object.__setattr__(current, "__pydantic_fields_set__", kept)
        values = current.__dict__
        for name, value in values.items():
            kind = type(value)
            if kind is str:
                if len(value) <= short:
                    values[name] = intern(value)  # an existing key: the dict keeps its size
            elif kind is list:
                for index, item in enumerate(value):
                    if type(item) is str:
                        if len(item) <= short:
                            value[index] = intern(item)
                    elif isinstance(item, BaseModel):
                        models.append(item)
            elif isinstance(value, BaseModel):
                models.append(value)
