"""Jinja2's `{% trans %}` blocks with their numbers in the locale being spoken.

`jinja2.ext.i18n` fills a translated block with Python's `%` formatting, so the page said
"1234 people came" where the chat, through `say`, says "1,234 people came" (and a locale that
groups otherwise would be ignored). This extension parses the blocks exactly as the stock one
does (so `pybabel extract`, which reads them with the stock one, finds the same messages) and
passes each value through `bot.i18n.localised` before it is filled in; the count that chooses
the plural form still reaches `ngettext` as a number.

`_make_node` is where the stock extension builds a block's output from its parsed parts; it
is the same from Jinja 3.1.0 to 3.1.6 (the lowest-versions CI run covers the floor).
"""

from __future__ import annotations

from jinja2 import Environment, nodes
from jinja2.ext import InternationalizationExtension

from bot.i18n import localised

_HELPER = "_paperclub_localised"


class LocalisedTrans(InternationalizationExtension):
    """`jinja2.ext.i18n`, with the values of `{% trans %}` blocks said by `localised`."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals[_HELPER] = localised

    def _make_node(
        self,
        singular: str,
        plural: str | None,
        context: str | None,
        variables: dict[str, nodes.Expr],
        plural_expr: nodes.Expr | None,
        vars_referenced: bool,
        num_called_num: bool,
    ) -> nodes.Output:
        shown: dict[str, nodes.Expr] = {
            key: nodes.Call(nodes.Name(_HELPER, "load"), [value], [], None, None)
            for key, value in variables.items()
        }
        return super()._make_node(
            singular, plural, context, shown, plural_expr, vars_referenced, num_called_num
        )
