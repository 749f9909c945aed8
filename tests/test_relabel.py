"""Flag messages name documents by their ids; the views shorten them to labels, whole words only."""

from __future__ import annotations

from claimcmp.output.views import relabelled


def test_a_short_document_id_never_eats_into_words() -> None:
    labels = {"a": "D1", "b": "D2"}
    message = "the quotation is worded differently; only in a: militant; only in b: military"
    assert relabelled(message, labels) == (
        "the quotation is worded differently; only in D1: militant; only in D2: military"
    )


def test_the_longer_id_wins_and_file_like_ids_are_whole_words() -> None:
    labels = {"rus": "D1", "rus_2": "D2", "01_ru_rtvi": "D3"}
    assert relabelled("rus_2 says 5; rus says 6; 01_ru_rtvi says 7", labels) == "D2 says 5; D1 says 6; D3 says 7"
