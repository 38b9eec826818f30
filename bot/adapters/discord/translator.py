"""Korean (and any other catalog's) names and descriptions in Discord's slash menu.

Every command, group and option name and description is given to discord.py as a `locale_str`,
and this `Translator` answers each of Discord's locales that has a catalog, so a member whose
Discord speaks Korean sees /논문 "이번 주 논문…" while the English name still works for everyone.
Names are looked up with the message context "command name" / "option name" (a word like
"paper" is also a sentence's word elsewhere). Whatever Discord would refuse, a name that is not
1-32 lowercase letters, digits, - or _, or one that repeats a sibling's, is left out (Discord
then shows the English one) rather than failing the whole sync.
"""

from __future__ import annotations

import re
from gettext import NullTranslations

import discord
from discord import app_commands

from bot.adapters.discord.embeds import clip
from bot.i18n import translations
from bot.i18n.extract import NAME_CONTEXT, OPTION_CONTEXT
from bot.locale import SOURCE_LANGUAGE, available_languages

DESCRIPTION = 100  # Discord's limit for command, option and choice text
CHOICE = 100
# Discord's rule for command and option names (CHAT_INPUT), from its API documentation.
_NAME = re.compile(r"^[-_'\w]{1,32}$")

GROUP_DESCRIPTION = "/{group} commands"
GROUP_DESCRIPTION_ADMINS = "/{group} commands (admins)"


def language_of(locale: discord.Locale) -> str | None:
    """The catalog for a Discord locale ("ko", "pt-BR" → "pt-BR" or "pt"), or None for
    English and for languages without one."""
    code = locale.value
    for candidate in (code, code.split("-")[0]):
        if candidate != SOURCE_LANGUAGE and candidate in available_languages():
            return candidate
    return None


def valid_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name)) and name == name.lower()


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = language_of(locale)
        if language is None:
            return None
        return translate(string, language, context.location)


def translate(
    string: app_commands.locale_str, language: str, where: app_commands.TranslationContextLocation
) -> str | None:
    tr = translations(language)
    location = app_commands.TranslationContextLocation
    message = str(string.extras.get("source", string.message))
    if where in (location.command_name, location.group_name, location.parameter_name):
        ctx = OPTION_CONTEXT if where is location.parameter_name else NAME_CONTEXT
        said = tr.pgettext(ctx, message)
        return said if said != message and valid_name(said) else None
    if where is location.group_description and "group" in string.extras:
        template = GROUP_DESCRIPTION_ADMINS if string.extras.get("admins") else GROUP_DESCRIPTION
        said = tr.gettext(template).format(group=translate_path(string.extras["group"], tr))
    else:
        said = tr.gettext(message)
    if said == message:
        return None  # no translation: Discord shows the English text
    limit = CHOICE if where is location.choice_name else DESCRIPTION
    return clip(said, limit)


def translate_path(path: str, tr: NullTranslations) -> str:
    """A group's path ("club", "present") in the language, word by word."""
    words = []
    for word in path.split():
        said = tr.pgettext(NAME_CONTEXT, word)
        words.append(said if valid_name(said) else word)
    return " ".join(words)
