"""vorleser.script.sentences.split_sentences: breaks at sentence ends, not at abbreviations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vorleser.script.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Am 24. Februar kam er. Sie blieb.", ["Am 24. Februar kam er.", "Sie blieb."]),
        (
            "Der 2. Weltkrieg endete 1945. Danach kam Frieden.",
            ["Der 2. Weltkrieg endete 1945.", "Danach kam Frieden."],
        ),
        (
            "Ludwig XIV. war König. Er baute Versailles.",
            ["Ludwig XIV. war König.", "Er baute Versailles."],
        ),
        (
            "Das gilt z. B. für Dr. Roth und Nr. 5. Die Frist läuft.",
            ["Das gilt z. B. für Dr. Roth und Nr. 5.", "Die Frist läuft."],
        ),
        (
            "Am 24.02.2022 stieg der Wert um 2,5 Prozent. Dann fiel er.",
            ["Am 24.02.2022 stieg der Wert um 2,5 Prozent.", "Dann fiel er."],
        ),
        ("Er zögerte ... dann ging er. Gut.", ["Er zögerte ... dann ging er.", "Gut."]),
        ("„Wir kommen wieder.“ Das sagte sie.", ["„Wir kommen wieder.“", "Das sagte sie."]),
        ("Er fragte: „Wann?“ Niemand wusste es.", ["Er fragte: „Wann?“", "Niemand wusste es."]),
        ("Die Zahl stieg um 5. Die Partei verlor.", ["Die Zahl stieg um 5.", "Die Partei verlor."]),
        (
            "Im 19. Jh. wuchs die Stadt. Heute nicht.",
            ["Im 19. Jh. wuchs die Stadt.", "Heute nicht."],
        ),
        ("Äpfel, Birnen usw. Die Liste ist lang.", ["Äpfel, Birnen usw.", "Die Liste ist lang."]),
        ("Wirklich?! Ja.", ["Wirklich?!", "Ja."]),
        ("A. Merkel sprach.", ["A. Merkel sprach."]),
        (
            "Sie wohnt in der Goethestr. 5 in Köln. Er in der Hauptstr. Dann kam sie.",
            ["Sie wohnt in der Goethestr. 5 in Köln.", "Er in der Hauptstr.", "Dann kam sie."],
        ),
        ("Offen am Di. in Berlin. Sonst nicht.", ["Offen am Di. in Berlin.", "Sonst nicht."]),
        ("", []),
    ],
)
def test_split(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@given(st.text(max_size=300))
def test_split_keeps_every_word(text: str) -> None:
    """Splitting only cuts at spaces: joining the sentences gives the words back."""
    assert " ".join(split_sentences(text)).split() == text.split()
