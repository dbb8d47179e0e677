"""Story keys are stored in libraries: the same text must give the same keys in every
version, and a batch must give each text the keys it gets alone."""

from newsreader.core.ingest.normalize import word_form
from newsreader.core.stories import fingerprint

LONG = " ".join(f"word{i % 37} w{i * 7 % 101}" for i in range(120))
SHORT = " ".join(f"t{i}" for i in range(20))


def test_keys_are_those_libraries_already_store():
    assert fingerprint.story_keys(word_form(LONG)) == [
        4666355833760986639, 5833290074439145458, 5158822625981942350, 7942078971289938452,
        3223518761575687287]
    assert fingerprint.story_keys(word_form(SHORT)) == [
        1261320087466124002, 6231285966349946912, 1722314429508219326, 6611283544611703590,
        7881755752238057198]


def test_a_batch_gives_each_text_its_own_keys_across_chunks(monkeypatch):
    texts = [LONG, "", "too short to tell", SHORT, LONG.upper() + " more words", SHORT * 3]
    forms = [word_form(text) for text in texts] * 5
    alone = [fingerprint.story_keys(form) for form in forms]
    assert fingerprint.batch_story_keys(forms) == alone
    monkeypatch.setattr(fingerprint, "CHUNK_WORDS", 50)  # a chunk per text or two
    assert fingerprint.batch_story_keys(forms) == alone
    assert alone[1] == alone[2] == []
