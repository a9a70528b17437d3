"""First names that are one name in Ukrainian text: Russian, Belarusian and variant spellings.

Data, not rules: each group lists the Ukrainian form first, then the forms Ukrainian texts also
write for the same person (a Russian or Belarusian first name left untranslated, an English
short or long form). `Александр Лукашенко` and `Майкл Помпео` then name the known persons
`Олександр Лукашенко` and `Майк Помпео`. Only full names use these (a first name alone is
never linked), so a group may hold names that are different names elsewhere.
"""

from functools import lru_cache

from app.text.normalize import normalize

GROUPS: tuple[tuple[str, ...], ...] = (
    ("Олександр", "Александр", "Аляксандр"),
    ("Олексій", "Алексей", "Аляксей"),
    ("Андрій", "Андрей"),
    ("Анатолій", "Анатолий", "Анатоль"),
    ("Валерій", "Валерий", "Валерый"),
    ("Василь", "Василий", "Васіль"),
    ("Віктор", "Виктор", "Віктар"),
    ("Віталій", "Виталий", "Віталь"),
    ("Володимир", "Владимир", "Уладзімір"),
    ("Георгій", "Георгий"),
    ("Григорій", "Григорий", "Рыгор"),
    ("Дмитро", "Дмитрий", "Дзмітрый"),
    ("Євген", "Евгений", "Яўген"),
    ("Ігор", "Игорь", "Ігар"),
    ("Іван", "Иван"),
    ("Костянтин", "Константин", "Канстанцін"),
    ("Михайло", "Михаил", "Міхаіл"),
    ("Микола", "Николай", "Мікалай"),
    ("Олег", "Алег"),
    ("Павло", "Павел"),
    ("Петро", "Пётр", "Петр", "Пятро"),
    ("Сергій", "Сергей", "Сяргей"),
    ("Юрій", "Юрий", "Юрый"),
    ("Вікторія", "Виктория"),
    ("Ганна", "Анна"),
    ("Марія", "Мария", "Марыя"),
    ("Наталія", "Наталья", "Наталля", "Наталя"),
    ("Олена", "Елена", "Алена"),
    ("Ольга", "Вольга"),
    ("Світлана", "Светлана", "Святлана"),
    ("Тетяна", "Татьяна", "Таццяна"),
    ("Юлія", "Юлия", "Юлiя"),
    ("Майк", "Майкл"),
    ("Джо", "Джозеф"),
    ("Білл", "Вільям"),
    ("Боб", "Роберт"),
    ("Том", "Томас"),
    ("Тоні", "Ентоні", "Антоні"),
)


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for group in GROUPS:
        for name in group:
            out[normalize(name)] = group
    return out


def first_name_variants(given: str) -> tuple[str, ...]:
    """The other spellings of a first name ("Олександр" → Александр, Аляксандр), none when unknown."""
    group = _index().get(normalize(given), ())
    return tuple(name for name in group if normalize(name) != normalize(given))
