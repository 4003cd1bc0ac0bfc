"""People across a corpus: every (transcript, speaker) linked to one person with one name.

- :mod:`analytics.people.naming`: names as keys (canonical form, surname, initials,
  nicknames, person ids);
- :mod:`analytics.people.clues`: what one transcript says about its speakers
  (:func:`transcript_appearances`);
- :mod:`analytics.people.aliases`: the user's alias file, which wins over inference;
- :mod:`analytics.people.resolve`: :class:`PersonResolver`, the corpus-wide decision.
"""

from analytics.people.aliases import Alias, parse_aliases, read_aliases
from analytics.people.clues import (
    Appearance,
    Clue,
    appearance_frame,
    appearances_from_frame,
    transcript_appearances,
)
from analytics.people.resolve import Ambiguity, Assignment, PersonResolver

__all__ = [
    "Alias",
    "Ambiguity",
    "Appearance",
    "Assignment",
    "Clue",
    "appearance_frame",
    "appearances_from_frame",
    "PersonResolver",
    "parse_aliases",
    "read_aliases",
    "transcript_appearances",
]
