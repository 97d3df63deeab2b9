"""Words search leaves out of the index and of queries, per language: function words that
carry no subject (prepositions, conjunctions, particles, pronouns, question words: "когда
удалят мой сервер" is about "удалят" and "сервер"). Negations, numbers and words like
"можно"/"nie" are kept out of this list on purpose: they matter in a question. The worker
also drops each of them written without diacritics ("sie")."""

STOPWORDS = {
    "ru": """а без бы был была были было быть в ваш ваша ваше ваши вам вас весь во вот все всё всех
        вы где да для до его ее её если есть ещё еще же за и из или им их к как какой когда кто ли
        либо между мне меня мой моя моё мои мы на над наш о об он она они оно от по под после почему
        при про с со так также то того тоже только у уже чем что чтобы эта эти это этот я""",
    "pl": """a aby ale albo bo by być był była było były co czy dla do dlaczego gdzie go i ich im
        jak jako je jego jej jest już kiedy lub ma mi mnie moja moje mój na nad nas o od oraz po pod
        przez przy się są ta tak także te tego tej ten to tu tym u w wasz wasza we z za ze że""",
}


def stopwords(lang: str) -> list[str]:
    return sorted(set(STOPWORDS.get(lang, "").split()))
