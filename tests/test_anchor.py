"""Anchoring quotes in the essay: typography-tolerant, exact offsets, clear failures."""

from __future__ import annotations

from annotator.anchor import Folded, fold, normalise

ESSAY = "Title\n\nIt said “no limits.”\u00a0 Then — again — it said “no limits.”\n\nThe end’s near."


def test_fold_maps_typography_and_spacing() -> None:
    assert fold("“a”\u00a0 –‘b’—c\n\nd…") == "\"a\" -'b'-c d..."


def test_offsets_point_into_the_original_text() -> None:
    folded, index = normalise(ESSAY)
    at = folded.index("Then - again")
    assert ESSAY[index[at]:index[at + len("Then - again") - 1] + 1] == "Then — again"


def test_straight_quote_matches_curly_text_and_nbsp() -> None:
    spots = Folded(ESSAY).find_all("limits.\"  Then - again")
    assert [ESSAY[s:e] for s, e in spots] == ["limits.”\u00a0 Then — again"]


def test_repeated_quote_is_picked_by_prefix_or_suffix() -> None:
    folded = Folded(ESSAY)
    assert len(folded.find_all("no limits")) == 2
    (first,) = folded.find_all("no limits", prefix="It said \"")
    (second,) = folded.find_all("no limits", prefix="again - it said \"")
    assert first[0] < second[0]
    assert folded.find_all("no limits", suffix=".\" Then") == [first]


def test_closest_passage_for_a_misquote() -> None:
    folded = Folded(ESSAY)
    assert folded.find_all("The end is near.") == []
    assert folded.closest("The end is near.", [(0, "Title"), (7, ESSAY[7:])]).startswith("The end's near")


def test_word_index_finds_what_a_scan_finds() -> None:
    import random

    rng = random.Random(7)
    words = ["the", "crack", "“alliance”", "Beijing’s", "—", "stable", "a", "Moscow.", "no", "limits"]
    text = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)) for _ in range(20))
    folded = Folded(text)
    for _ in range(300):
        start = rng.randrange(len(text) - 40)
        quote = text[start:start + rng.randrange(3, 40)]
        needle = fold(quote)
        scan = []
        at = folded.folded.find(needle)
        while needle and at != -1:
            scan.append((folded.index[at], folded.index[at + len(needle) - 1] + 1))
            at = folded.folded.find(needle, at + 1)
        assert folded.find_all(quote) == scan, quote


def test_every_folded_character_points_at_the_character_it_came_from() -> None:
    import random

    rng = random.Random(5)
    alphabet = "ab ‘’“”–—…\u00a0\u2009\n\t.-'\"x\x1c"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        folded, index = normalise(text)
        assert len(index) == len(folded) and index == sorted(index), repr(text)
        for char, at in zip(folded, index, strict=True):
            source = text[at]
            if char == " ":
                assert source.isspace() and (at == 0 or not text[at - 1].isspace()), repr(text)
            elif source == "…":
                assert char == ".", repr(text)
            else:
                assert char == fold(source), repr(text)


def test_fold_is_normalise_without_offsets() -> None:
    import random

    rng = random.Random(11)
    alphabet = "ab ‘’“”–—…\u00a0\u2009\n\t.-'\"x\x1c"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        assert fold(text) == normalise(text)[0], repr(text)


TYPED = "We can not dedicate -- we can not hallow---this ground. A rule: ----. A word: well-known."


def test_a_dash_typed_as_two_or_three_hyphens_is_a_dash() -> None:
    assert fold(TYPED) == "We can not dedicate - we can not hallow-this ground. A rule: ----. A word: well-known."
    folded = Folded(TYPED)
    for quote, shown in [("dedicate — we", "dedicate -- we"), ("dedicate – we", "dedicate -- we"),
                         ("dedicate -- we", "dedicate -- we"), ("hallow—this", "hallow---this"),
                         ("can not hallow---", "can not hallow---"), ("well-known", "well-known")]:
        assert [TYPED[s:e] for s, e in folded.find_all(quote)] == [shown], quote
    assert folded.find_all("rule: —.") == []  # four hyphens are a rule, not a dash


def test_prefixes_and_suffixes_fold_typed_dashes_too() -> None:
    folded = Folded(TYPED)
    [(start, end)] = folded.find_all("we can not", prefix="dedicate —")
    assert TYPED[start:end] == "we can not" and TYPED[:start].endswith("-- ")
    assert folded.find_all("this ground", prefix="hallow—") != []


def test_the_verifier_folds_typed_dashes_in_passages() -> None:
    from annotator.verify import _found

    assert _found("we can not hallow — this ground", "<p>we can not hallow -- this ground</p>")
    assert _found("we can not hallow -- this ground", "we can not hallow — this ground")
    assert not _found("we can not hallow -- this ground", "we can not hallow this ground")
