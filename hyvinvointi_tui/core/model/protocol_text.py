"""A protocol's texts: each in every language of the product (Finnish, English, Swedish),
and the base of a protocol's records (unknown keys refused, spaces around texts dropped).

Annotations are evaluated when the module runs, as in `core/model/steps.py`.
"""

from typing import Annotated

from ..record import Field, Record, record


class ProtocolRecord(Record):
    __pydantic_config__ = {"extra": "forbid", "str_strip_whitespace": True}


NonEmpty = Annotated[str, Field(min_length=1)]


@record
class Text(ProtocolRecord):
    """A text in every language of the product."""

    fi: NonEmpty
    en: NonEmpty
    sv: NonEmpty

    def __call__(self, lang: str) -> str:
        value: str = getattr(self, lang)
        return value
