"""A name-dense news document of a given size: seed people in every case and new first name +
surname pairs, sentence after sentence (written for the benchmarks, no outlet's text)."""

import random

KNOWN = ["Кіт Келлог", "Кіта Келлога", "Кітові Келлогу", "Кітом Келлогом", "Олександр Лукашенко",
         "Олександра Лукашенка", "Олександром Лукашенком", "Мінську", "Білорусі", "Вашингтоні"]
GIVEN = ["Олег", "Андрій", "Павло", "Тарас", "Богдан", "Сергій", "Юрій", "Микола", "Василь", "Петро"]
FAMILY = ["Коваленко", "Бондаренко", "Ткачук", "Мельничук", "Шевчук", "Кравчук", "Савчук",
          "Гончаренко", "Лисенко", "Дорошенко", "Захарченко", "Климчук", "Мирошниченко",
          "Тимошенко", "Остапчук", "Семенюк", "Гаврилюк", "Левченко", "Стасюк", "Панченко"]
VERBS = ["зустрівся з", "провів переговори з", "обговорив санкції з", "подякував", "домовився з"]


def name_dense_document(size: int, seed: int = 7) -> str:
    """A document of about `size` UTF-8 bytes: a title line, then sentences of names."""
    rng = random.Random(seed)
    lines = ["Переговори у Мінську: Кіт Келлог і Олександр Лукашенко", ""]
    total = sum(len(line.encode()) + 1 for line in lines)
    while total < size:
        new = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        sentence = (f"{rng.choice(KNOWN)} {rng.choice(VERBS)} {rng.choice(KNOWN)}, а {new} "
                    f"{rng.choice(VERBS)} {rng.choice(KNOWN)} у {rng.choice(KNOWN)}. ")
        lines.append(sentence)
        total += len(sentence.encode())
    return "\n".join(lines)[:size]
